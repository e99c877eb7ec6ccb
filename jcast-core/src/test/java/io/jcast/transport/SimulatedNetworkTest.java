package io.jcast.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatedNetworkTest {
    private static final long MS = 1_000_000L;

    /** A source-specific join hears its source only; an any-source join on the same group hears everyone. */
    @Test
    void sourceSpecificJoinHearsOnlyItsSource() throws Exception {
        SimulatedNetwork net = new SimulatedNetwork(1);
        InetAddress group = InetAddress.getByName("232.1.2.3");
        InetAddress sender = InetAddress.getByName("10.9.0.1");
        SimulatedNetwork.Endpoint real = net.endpoint(sender, 9001);
        SimulatedNetwork.Endpoint stranger = net.endpoint(InetAddress.getByName("10.9.0.66"), 9001);
        SimulatedNetwork.Endpoint ssm = net.endpoint(InetAddress.getByName("10.9.0.10"), 9000);
        SimulatedNetwork.Endpoint asm = net.endpoint(InetAddress.getByName("10.9.0.11"), 9000);
        ssm.listenSourceSpecific(group, sender, 9000, 0);
        asm.listen(group, 9000, 0);
        InetSocketAddress to = new InetSocketAddress(group, 9000);
        real.send(ByteBuffer.wrap(new byte[] {1}), to);
        stranger.send(ByteBuffer.wrap(new byte[] {2}), to);

        List<String> heardBySsm = new ArrayList<>();
        List<String> heardByAsm = new ArrayList<>();
        net.run(List.of(reader(ssm, heardBySsm), reader(asm, heardByAsm)), 100 * MS);

        assertEquals(List.of("10.9.0.1"), heardBySsm);
        assertEquals(List.of("10.9.0.1", "10.9.0.66"), heardByAsm.stream().sorted().toList());
    }

    /** Reads what arrives for 50 ms of network time, noting each datagram's source. */
    private static SimulatedNetwork.Node reader(SimulatedNetwork.Endpoint end, List<String> sources) {
        ByteBuffer buf = ByteBuffer.allocate(16);
        long[] now = {0};
        return SimulatedNetwork.Node.of(t -> {
            now[0] = t;
            int read = 0;
            for (InetSocketAddress from; (from = end.receive(buf)) != null; read++) {
                sources.add(from.getAddress().getHostAddress());
            }
            return read;
        }, t -> t + MS, () -> now[0] >= 50 * MS);
    }
}
