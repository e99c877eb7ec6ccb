package io.jcast.nack;

import io.jcast.transfer.StartPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * How a jcast-protocol session runs, for the sender and its receivers alike (each reads its part).
 *
 * @param blockSize         payload bytes per datagram (1440 fits a 1500-byte frame with header and tag)
 * @param stripeBlocks      data blocks per stripe, the unit of repair (1..128)
 * @param proactiveRows     parity rows sent with every stripe before anyone asks (0: repair only on NACK)
 * @param maxBitrateBps     the sender's pace in bits per second (0: as fast as the socket takes)
 * @param historyStripes    stripes the sender keeps in memory for repairs (a file is read again beyond that)
 * @param name              the stream's name, announced; a receiver may insist on it
 * @param carousel          the sender repeats the data in laps for receivers that come later
 * @param carouselFor       with carousel: stop starting laps after this long (0: until stopped or all expected
 *                          receivers completed)
 * @param startPolicy       the sender waits for receivers by this policy; null: it starts at once
 * @param receiverTimeout   a receiver silent this long is counted as gone
 * @param windowStripes     stripes a receiver holds ahead of what it has written (memory: two stripes' worth each)
 * @param nackBackoff       a receiver waits up to this long, at random, before it NACKs (so others can suppress)
 * @param nackRetry         and this long before it asks again for what is still missing
 * @param senderTimeout     a receiver that hears nothing of its session this long gives up
 * @param key               the HMAC key of a keyed session, or null
 */
public record NackSettings(int blockSize, int stripeBlocks, int proactiveRows, long maxBitrateBps,
                           int historyStripes, String name, boolean carousel, Duration carouselFor,
                           StartPolicy startPolicy, Duration receiverTimeout, int windowStripes,
                           Duration nackBackoff, Duration nackRetry, Duration senderTimeout, byte[] key) {
    public static final int DEFAULT_BLOCK_SIZE = 1440;

    public NackSettings {
        Objects.requireNonNull(name, "name");
        if (blockSize < 64 || blockSize > 8972) {
            throw new IllegalArgumentException("block size must be 64..8972 bytes, got " + blockSize);
        }
        if (stripeBlocks < 1 || stripeBlocks > 128) {
            throw new IllegalArgumentException("blocks per stripe must be 1..128, got " + stripeBlocks);
        }
        if (proactiveRows < 0 || proactiveRows > 128) {
            throw new IllegalArgumentException("proactive parity rows must be 0..128, got " + proactiveRows);
        }
        if (historyStripes < 1 || windowStripes < 1) {
            throw new IllegalArgumentException("history and window must hold at least one stripe");
        }
        if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > NackWire.MAX_NAME_BYTES) {
            throw new IllegalArgumentException("the stream name must be at most " + NackWire.MAX_NAME_BYTES
                    + " bytes in UTF-8");
        }
        if (key != null && key.length < DatagramSeal.MIN_KEY_BYTES) {
            throw new IllegalArgumentException("the key must have at least " + DatagramSeal.MIN_KEY_BYTES
                    + " bytes, it has " + key.length);
        }
    }

    /** The defaults: 1440-byte blocks, stripes of 64, no proactive parity, no pace, start at once. */
    public static NackSettings defaults() {
        return new NackSettings(DEFAULT_BLOCK_SIZE, 64, 0, 0, 1024, "", false, Duration.ZERO, null,
                Duration.ofSeconds(10), 256, Duration.ofMillis(4), Duration.ofMillis(40), Duration.ofSeconds(30),
                null);
    }

    public NackSettings withBlocks(int blockSize, int stripeBlocks) {
        return new NackSettings(blockSize, stripeBlocks, proactiveRows, maxBitrateBps, historyStripes, name,
                carousel, carouselFor, startPolicy, receiverTimeout, windowStripes, nackBackoff, nackRetry,
                senderTimeout, key);
    }

    public NackSettings withProactiveRows(int rows) {
        return new NackSettings(blockSize, stripeBlocks, rows, maxBitrateBps, historyStripes, name, carousel,
                carouselFor, startPolicy, receiverTimeout, windowStripes, nackBackoff, nackRetry, senderTimeout,
                key);
    }

    public NackSettings withMaxBitrate(long bps) {
        return new NackSettings(blockSize, stripeBlocks, proactiveRows, bps, historyStripes, name, carousel,
                carouselFor, startPolicy, receiverTimeout, windowStripes, nackBackoff, nackRetry, senderTimeout,
                key);
    }

    public NackSettings withName(String streamName) {
        return new NackSettings(blockSize, stripeBlocks, proactiveRows, maxBitrateBps, historyStripes, streamName,
                carousel, carouselFor, startPolicy, receiverTimeout, windowStripes, nackBackoff, nackRetry,
                senderTimeout, key);
    }

    public NackSettings withCarousel(boolean on, Duration forHowLong) {
        return new NackSettings(blockSize, stripeBlocks, proactiveRows, maxBitrateBps, historyStripes, name, on,
                forHowLong, startPolicy, receiverTimeout, windowStripes, nackBackoff, nackRetry, senderTimeout,
                key);
    }

    public NackSettings withStartPolicy(StartPolicy policy) {
        return new NackSettings(blockSize, stripeBlocks, proactiveRows, maxBitrateBps, historyStripes, name,
                carousel, carouselFor, policy, receiverTimeout, windowStripes, nackBackoff, nackRetry,
                senderTimeout, key);
    }

    public NackSettings withMemory(int history, int window) {
        return new NackSettings(blockSize, stripeBlocks, proactiveRows, maxBitrateBps, history, name, carousel,
                carouselFor, startPolicy, receiverTimeout, window, nackBackoff, nackRetry, senderTimeout, key);
    }

    public NackSettings withTimeouts(Duration receiver, Duration sender) {
        return new NackSettings(blockSize, stripeBlocks, proactiveRows, maxBitrateBps, historyStripes, name,
                carousel, carouselFor, startPolicy, receiver, windowStripes, nackBackoff, nackRetry, sender, key);
    }

    public NackSettings withKey(byte[] sessionKey) {
        return new NackSettings(blockSize, stripeBlocks, proactiveRows, maxBitrateBps, historyStripes, name,
                carousel, carouselFor, startPolicy, receiverTimeout, windowStripes, nackBackoff, nackRetry,
                senderTimeout, sessionKey == null ? null : sessionKey.clone());
    }

    DatagramSeal seal() {
        return key == null ? DatagramSeal.none() : DatagramSeal.withKey(key);
    }
}
