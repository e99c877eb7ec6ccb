package io.jcast.cli;

import io.jcast.transfer.TransferEvent;
import io.jcast.transfer.TransferEvent.Connected;
import io.jcast.transfer.TransferEvent.ControlAddress;
import io.jcast.transfer.TransferEvent.DataAddress;
import io.jcast.transfer.TransferEvent.DatagramsIgnored;
import io.jcast.transfer.TransferEvent.FullDuplex;
import io.jcast.transfer.TransferEvent.GoSent;
import io.jcast.transfer.TransferEvent.ListeningTo;
import io.jcast.transfer.TransferEvent.NoReceivers;
import io.jcast.transfer.TransferEvent.OutputBehind;
import io.jcast.transfer.TransferEvent.ReceiveBufferCapped;
import io.jcast.transfer.TransferEvent.ReceiverDropped;
import io.jcast.transfer.TransferEvent.ReceiverJoined;
import io.jcast.transfer.TransferEvent.ReceiverLeft;
import io.jcast.transfer.TransferEvent.ReceiverOpened;
import io.jcast.transfer.TransferEvent.RoundTimedOut;
import io.jcast.transfer.TransferEvent.SenderCapabilities;
import io.jcast.transfer.TransferEvent.SenderOpened;
import io.jcast.transfer.TransferEvent.SliceAbandoned;
import io.jcast.transfer.TransferEvent.TransferComplete;
import io.jcast.transfer.TransferEvent.TransferStarting;
import java.util.List;
import java.util.stream.Collectors;

/**
 * udp-sender's and udp-receiver's words for the engines' events, byte for byte where udpcast has them (FOG and
 * Clonezilla scripts read these lines); jcast's own events are worded in the same style.
 */
final class UdpcastWording {
    private UdpcastWording() {
    }

    static String line(TransferEvent e) {
        if (e instanceof FullDuplex) {
            return "Using full duplex mode";
        } else if (e instanceof DataAddress d) {
            return "Using mcast address " + d.address().getHostAddress();
        } else if (e instanceof SenderOpened o) {
            // udpcast ends this line with a space
            return (o.compressed() ? "Compressed " : "") + "UDP sender for " + (o.file() == null ? "(stdin)" : o.file())
                    + " at " + o.local().getHostAddress() + " on " + o.interfaceName() + " ";
        } else if (e instanceof ControlAddress c) {
            return "Broadcasting control to " + c.address().getHostAddress();
        } else if (e instanceof ReceiverJoined j) {
            return "New connection from " + j.address().getHostAddress() + "  (#" + j.number() + ") "
                    + String.format("%08x", j.capabilities());
        } else if (e instanceof ReceiverLeft l) {
            return "Disconnecting #" + l.number() + " (" + l.address().getHostAddress() + ")";
        } else if (e instanceof ReceiverDropped d) {
            return "Dropping client #" + d.number() + switch (d.reason()) {
                case TIMEOUT -> " because of timeout";
                case NEVER_ANSWERED -> " because it never answered (its CONNECT_REPLY was lost, or it stopped)";
                case RESTARTED -> " because it restarted (a new receiver on its host asked to join)";
            };
        } else if (e instanceof NoReceivers) {
            return "No participants... exiting";
        } else if (e instanceof TransferStarting s) {
            return "Starting transfer: " + String.format("%08x", s.capabilities());
        } else if (e instanceof RoundTimedOut t) {
            return "Timeout notAnswered=" + list(t.notAnswered()) + " notReady=" + list(t.notReady()) + " nrAns="
                    + t.answered() + " nrRead=" + t.ready() + " nrPart=" + t.participants() + " avg="
                    + t.averageAnswerMicros();
        } else if (e instanceof TransferComplete) {
            return "Transfer complete.";
        } else if (e instanceof DatagramsIgnored i) {
            return "Ignored " + i.count() + " malformed or foreign datagrams";
        } else if (e instanceof ReceiverOpened o) {
            return (o.compressed() ? "Compressed " : "") + "UDP receiver for " + (o.file() == null ? "(stdout)" : o.file())
                    + " at " + o.local().getHostAddress() + " on " + o.interfaceName();
        } else if (e instanceof SenderCapabilities c) {
            return "received message, cap=" + String.format("%08x", c.capabilities());
        } else if (e instanceof Connected c) {
            return "Connected as #" + c.number() + " to " + c.sender().getHostAddress();
        } else if (e instanceof ListeningTo l) {
            return "Listening to multicast on " + l.group().getHostAddress();
        } else if (e instanceof ReceiveBufferCapped c) {
            return "Warning: receive buffer is " + c.bytes() / 1024 + " KiB, not the " + c.wanted() / 1024
                    + " KiB asked for; raise it with: sysctl -w net.core.rmem_max=" + c.wanted();
        } else if (e instanceof SliceAbandoned a) {
            return "Slice " + a.sliceNo() + " incomplete: keeping what arrived (--ignore-lost-data)";
        } else if (e instanceof OutputBehind b) {
            return "Dropped " + b.drops() + " datagrams while the output was behind (disk or pipe slower than the "
                    + "network)";
        } else if (e instanceof GoSent) {
            return "Sending go signal";
        }
        return e.describe(); // an event newer than this class
    }

    private static String list(List<Integer> numbers) {
        return numbers.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]"));
    }
}
