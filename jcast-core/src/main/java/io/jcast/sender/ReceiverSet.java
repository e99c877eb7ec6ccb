package io.jcast.sender;

import io.jcast.protocol.BlockBitmap;

/** A set of participant numbers that knows its size: who is ready for a slice, who answered, who heard of it. */
final class ReceiverSet {
    private final BlockBitmap members = new BlockBitmap();
    private int size;

    /** Adds {@code number}; true if it was not in the set. */
    boolean add(int number) {
        if (members.get(number)) {
            return false;
        }
        members.set(number);
        size++;
        return true;
    }

    void remove(int number) {
        if (members.get(number)) {
            members.clear(number);
            size--;
        }
    }

    boolean contains(int number) {
        return members.get(number);
    }

    int size() {
        return size;
    }

    void clear() {
        members.clear();
        size = 0;
    }

    void copyFrom(ReceiverSet other) {
        members.copyFrom(other.members);
        size = other.size;
    }

    /** The bitmap as REQACK carries it; read only. */
    BlockBitmap bitmap() {
        return members;
    }
}
