package io.jcast.transfer;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * What happened in a transfer, as the engine saw it. Each event says it plainly ({@link #describe}); the udpcast
 * front ends print udpcast's own words for it (jcast-cli's {@code UdpcastWording}), so that scripts parsing
 * udp-sender's stderr keep working.
 */
public sealed interface TransferEvent {
    /** One plain line, for logs. */
    String describe();

    // ---- sender ------------------------------------------------------------------------------

    /** The link is full duplex (ethtool's answer): slices are pipelined. */
    record FullDuplex() implements TransferEvent {
        public String describe() {
            return "full duplex link: slices are pipelined";
        }
    }

    /** Data goes to this multicast group. */
    record DataAddress(InetAddress address) implements TransferEvent {
        public String describe() {
            return "data to " + address.getHostAddress();
        }
    }

    /** The sender is set up: {@code file} (null for stdin) from {@code local} on {@code interfaceName}. */
    record SenderOpened(Path file, boolean compressed, InetAddress local, String interfaceName) implements TransferEvent {
        public String describe() {
            return "sending " + (file == null ? "stdin" : file) + (compressed ? " through --pipe" : "") + " from "
                    + local.getHostAddress() + " on " + interfaceName;
        }
    }

    /** HELLO and the receivers' requests go through this address. */
    record ControlAddress(InetAddress address) implements TransferEvent {
        public String describe() {
            return "control messages via " + address.getHostAddress();
        }
    }

    /** A receiver joined as participant {@code number}. */
    record ReceiverJoined(int number, InetAddress address, int capabilities) implements TransferEvent {
        public String describe() {
            return "receiver #" + number + " joined from " + address.getHostAddress() + " (capabilities "
                    + String.format("%08x", capabilities) + ")";
        }
    }

    /** A participant is gone: it said goodbye, was dropped, or the transfer ended with it. */
    record ReceiverLeft(int number, InetAddress address) implements TransferEvent {
        public String describe() {
            return "receiver #" + number + " (" + address.getHostAddress() + ") left";
        }
    }

    /** Why the sender gave up on a participant: silence, no answer at all, or a new receiver on its host. */
    enum DropReason { TIMEOUT, NEVER_ANSWERED, RESTARTED }

    /** The sender gave up on a participant ({@link ReceiverLeft} follows). */
    record ReceiverDropped(int number, DropReason reason) implements TransferEvent {
        public String describe() {
            return "receiver #" + number + " dropped: " + switch (reason) {
                case TIMEOUT -> "no answer for --retries-until-drop rounds";
                case NEVER_ANSWERED -> "it never answered after joining";
                case RESTARTED -> "it restarted (a new receiver on its host asked to join)";
            };
        }
    }

    /** The start rule fired with nobody there. */
    record NoReceivers() implements TransferEvent {
        public String describe() {
            return "no receivers: exiting";
        }
    }

    /** The data phase begins; {@code capabilities} are those every participant has. */
    record TransferStarting(int capabilities) implements TransferEvent {
        public String describe() {
            return "transfer starting (capabilities " + String.format("%08x", capabilities) + ")";
        }
    }

    /** A REQACK round of {@code sliceNo} went unanswered for a while (reported every sixth timeout). */
    record RoundTimedOut(int sliceNo, List<Integer> notAnswered, List<Integer> notReady, int answered, int ready,
                         int participants, long averageAnswerMicros) implements TransferEvent {
        public RoundTimedOut {
            notAnswered = List.copyOf(notAnswered);
            notReady = List.copyOf(notReady);
        }

        public String describe() {
            return "slice " + sliceNo + ": no answer yet from " + notAnswered + ", not ready " + notReady;
        }
    }

    /** Every byte reached every receiver that stayed (sender), or the output (receiver). */
    record TransferComplete() implements TransferEvent {
        public String describe() {
            return "transfer complete";
        }
    }

    /** Malformed or foreign datagrams were dropped (reported at the end). */
    record DatagramsIgnored(long count) implements TransferEvent {
        public String describe() {
            return count + " malformed or foreign datagrams ignored";
        }
    }

    // ---- receiver ----------------------------------------------------------------------------

    /** The receiver is set up: writing {@code file} (null for stdout) at {@code local} on {@code interfaceName}. */
    record ReceiverOpened(Path file, boolean compressed, InetAddress local, String interfaceName)
            implements TransferEvent {
        public String describe() {
            return "receiving into " + (file == null ? "stdout" : file) + (compressed ? " through --pipe" : "")
                    + " at " + local.getHostAddress() + " on " + interfaceName;
        }
    }

    /** The sender's CONNECT_REPLY arrived with these capabilities. */
    record SenderCapabilities(int capabilities) implements TransferEvent {
        public String describe() {
            return "sender capabilities " + String.format("%08x", capabilities);
        }
    }

    /** Joined the sender at {@code sender} as participant {@code number}. */
    record Connected(int number, InetAddress sender) implements TransferEvent {
        public String describe() {
            return "connected to " + sender.getHostAddress() + " as #" + number;
        }
    }

    /** Joined the data's multicast group. */
    record ListeningTo(InetAddress group) implements TransferEvent {
        public String describe() {
            return "listening to multicast on " + group.getHostAddress();
        }
    }

    /** The kernel gave a smaller receive buffer than asked (net.core.rmem_max). */
    record ReceiveBufferCapped(int bytes, int wanted) implements TransferEvent {
        public String describe() {
            return "receive buffer is " + bytes / 1024 + " KiB, not " + wanted / 1024 + " KiB";
        }
    }

    /** --ignore-lost-data: a slice was given up and written as far as it arrived. */
    record SliceAbandoned(int sliceNo) implements TransferEvent {
        public String describe() {
            return "slice " + sliceNo + " incomplete: kept what arrived";
        }
    }

    /** Datagrams dropped because the output (disk or pipe) was behind (reported at the end). */
    record OutputBehind(long drops) implements TransferEvent {
        public String describe() {
            return drops + " datagrams dropped while the output was behind";
        }
    }

    /** The receiver asked the sender to start now (GO). */
    record GoSent() implements TransferEvent {
        public String describe() {
            return "asked the sender to start";
        }
    }

    /** jcast protocol, sender: a receiver stopped reporting and is counted as gone. */
    record ReceiverSilent(int number, InetAddress address, long seconds) implements TransferEvent {
        public String describe() {
            return "receiver #" + number + " (" + address.getHostAddress() + ") silent for " + seconds
                    + " s: counted as gone";
        }
    }

    /** jcast protocol, receiver: the whole stream arrived and its SHA-256 matches the sender's. */
    record StreamVerified(long bytes, String sha256) implements TransferEvent {
        public String describe() {
            return "verified " + bytes + " bytes, SHA-256 " + sha256;
        }
    }

    /** jcast protocol, receiver: a session announced a stream of another name than the one asked for. */
    record StreamRefused(String announced, String expected) implements TransferEvent {
        public String describe() {
            return "refused stream \"" + announced + "\": waiting for \"" + expected + "\"";
        }
    }
}
