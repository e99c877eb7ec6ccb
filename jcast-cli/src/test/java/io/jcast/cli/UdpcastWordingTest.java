package io.jcast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jcast.transfer.TransferEvent;
import io.jcast.transfer.TransferEvent.DropReason;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lines udp-sender and udp-receiver print for what the engines report (the transcripts cover the rest). */
class UdpcastWordingTest {
    @Test
    void dropsTimeoutsAndTheEndsOfRuns() throws Exception {
        InetAddress peer = InetAddress.getByName("10.0.0.7");
        assertEquals("Dropping client #3 because of timeout",
                UdpcastWording.line(new TransferEvent.ReceiverDropped(3, DropReason.TIMEOUT)));
        assertEquals("Dropping client #3 because it never answered (its CONNECT_REPLY was lost, or it stopped)",
                UdpcastWording.line(new TransferEvent.ReceiverDropped(3, DropReason.NEVER_ANSWERED)));
        assertEquals("Timeout notAnswered=[0,2] notReady=[2] nrAns=1 nrRead=2 nrPart=3 avg=5375",
                UdpcastWording.line(new TransferEvent.RoundTimedOut(4, List.of(0, 2), List.of(2), 1, 2, 3, 5375)));
        assertEquals("No participants... exiting", UdpcastWording.line(new TransferEvent.NoReceivers()));
        assertEquals("Disconnecting #3 (10.0.0.7)", UdpcastWording.line(new TransferEvent.ReceiverLeft(3, peer)));
        assertEquals("Compressed UDP sender for (stdin) at 10.0.0.7 on lo ",
                UdpcastWording.line(new TransferEvent.SenderOpened(null, true, peer, "lo")));
        assertEquals("UDP receiver for /tmp/x at 10.0.0.7 on lo",
                UdpcastWording.line(new TransferEvent.ReceiverOpened(Path.of("/tmp/x"), false, peer, "lo")));
        assertEquals("Sending go signal", UdpcastWording.line(new TransferEvent.GoSent()));
        assertEquals("Ignored 5 malformed or foreign datagrams",
                UdpcastWording.line(new TransferEvent.DatagramsIgnored(5)));
    }
}
