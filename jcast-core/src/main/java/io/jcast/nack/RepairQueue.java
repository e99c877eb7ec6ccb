package io.jcast.nack;

import java.util.Arrays;

/**
 * The repairs the sender owes, one entry per stripe however many receivers asked: a NACK raises the stripe's count
 * to the largest number of blocks any receiver still needs there, and one repair of that many parity rows serves
 * them all. So the sender's work follows the losses, not the receiver count. A NACK that crossed a repair on the
 * wire (it asks no more than was just sent, within the hold-off) is ignored.
 */
final class RepairQueue {
    private final long holdoffNs;
    private int[] need = new int[64];
    private long[] repairedAtNs = new long[64];
    private int[] repairedRows = new int[64];
    private int[] nextRow = new int[64];
    private long[] queue = new long[64];
    private int head;
    private int size;

    RepairQueue(long holdoffNs) {
        this.holdoffNs = holdoffNs;
    }

    /** A receiver still needs {@code blocks} more of stripe {@code s}; true when this adds work. */
    boolean request(long s, int blocks, long now) {
        int i = index(s);
        if (blocks <= repairedRows[i] && now - repairedAtNs[i] < holdoffNs) {
            return false;
        }
        if (need[i] >= blocks) {
            return false;
        }
        if (need[i] == 0) {
            if (size == queue.length) {
                long[] bigger = new long[size * 2];
                for (int k = 0; k < size; k++) {
                    bigger[k] = queue[(head + k) % queue.length];
                }
                queue = bigger;
                head = 0;
            }
            queue[(head + size) % queue.length] = s;
            size++;
        }
        need[i] = blocks;
        return true;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int pending() {
        return size;
    }

    /** The stripe repaired next (oldest request first), or -1. */
    long peek() {
        return size == 0 ? -1 : queue[head];
    }

    /** Rows owed for the stripe {@link #peek} returns. */
    int needOfHead() {
        return need[index(queue[head])];
    }

    /** The repair block to send next for stripe {@code s}, of {@code rows} in a cycle: each repair brings new ones. */
    int takeRow(long s, int rows) {
        int i = index(s);
        int row = nextRow[i];
        nextRow[i] = (row + 1) % rows;
        return row;
    }

    /** The head's repair went out ({@code rows} rows at {@code now}). */
    void repaired(int rows, long now) {
        long s = queue[head];
        int i = index(s);
        need[i] = 0;
        repairedRows[i] = rows;
        repairedAtNs[i] = now;
        head = (head + 1) % queue.length;
        size--;
    }

    /** Forgets the head (its stripe can no longer be sent). */
    void drop() {
        need[index(queue[head])] = 0;
        head = (head + 1) % queue.length;
        size--;
    }

    private int index(long s) {
        if (s >= need.length) {
            int n = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(s + 1, need.length * 2L));
            need = Arrays.copyOf(need, n);
            repairedAtNs = Arrays.copyOf(repairedAtNs, n);
            repairedRows = Arrays.copyOf(repairedRows, n);
            nextRow = Arrays.copyOf(nextRow, n);
        }
        return (int) s;
    }
}
