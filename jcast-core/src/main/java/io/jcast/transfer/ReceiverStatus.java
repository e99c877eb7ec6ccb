package io.jcast.transfer;

import java.net.InetAddress;

/**
 * One receiver as seen by the sender.
 *
 * @param number            udpcast client number (0..1023)
 * @param address           the receiver's IP (udpcast identifies receivers by IP)
 * @param state             where it stands
 * @param bytesAcknowledged bytes of data it has acknowledged so far
 * @param retransmitRequests RETRANSMIT messages it sent
 * @param lagging           true when it holds back the transfer (it is the one the sender keeps waiting for)
 * @param reason            why it left, if it did; otherwise empty
 */
public record ReceiverStatus(int number, InetAddress address, ReceiverState state, long bytesAcknowledged,
                             long retransmitRequests, boolean lagging, String reason) {
}
