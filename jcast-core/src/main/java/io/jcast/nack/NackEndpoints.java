package io.jcast.nack;

import io.jcast.diskio.InputSource;
import io.jcast.diskio.OutputSink;
import io.jcast.transfer.ExitCode;
import io.jcast.transfer.TransferException;
import io.jcast.transfer.TransferListener;
import io.jcast.transport.InterfaceResolver;
import io.jcast.transport.NioDatagramTransport;
import io.jcast.transport.ResolvedInterface;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;

/**
 * Opens a jcast-protocol sender or receiver on a real network: resolves the interface, binds the sockets, joins
 * the group and opens the input or output, so that setup errors surface as a {@link TransferException} before
 * anything is sent. The engines themselves know no sockets.
 */
public final class NackEndpoints {
    /** The default group of the jcast protocol ("JC" in its last two bytes), the same on every host. */
    public static final InetAddress DEFAULT_GROUP = address("239.255.74.67");
    public static final int DEFAULT_PORT = 9100;
    private static final int BUFFER_BYTES = 8 << 20;
    /**
     * The sender's SO_SNDBUF. Small on purpose: a full send buffer is what paces the sender at the speed of its
     * own link (the socket refuses more while the interface's queue is full). A large one lets datagrams pile up
     * in the queue discipline, which then drops them (a tbf shaper's 50 ms of queue holds less than 8 MiB), and
     * every drop costs a NACK and a repair. 256 KiB (the kernel doubles it) keeps a gigabit link busy.
     */
    private static final int SEND_BUFFER_BYTES = 256 << 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * Where a session runs.
     *
     * @param interfaceName the interface (name, address or prefix; null: the first multicast one)
     * @param group         the session's multicast group (data on {@code port}, NACKs on {@code port + 1})
     * @param ttl           multicast TTL
     */
    public record Network(String interfaceName, InetAddress group, int port, int ttl) {
        public Network {
            if (group == null || !group.isMulticastAddress()) {
                throw new IllegalArgumentException("the jcast protocol needs a multicast group, got " + group);
            }
            if (port < 1 || port > 65534) {
                throw new IllegalArgumentException("port must be 1..65534 (NACKs use the next one), got " + port);
            }
        }
    }

    private NackEndpoints() {
    }

    /** A sender of {@code file} (null: {@code stdin}), through the {@code pipe} filter if not empty. */
    public static NackSender openSender(Network where, NackSettings settings, Path file, List<String> pipe,
                                        InputStream stdin, TransferListener listener) throws TransferException {
        ResolvedInterface nif = resolve(where);
        InputSource input = InputSource.open(file, pipe, stdin);
        NioDatagramTransport net = null;
        try {
            net = NioDatagramTransport.open(nif, nif.address(), where.port() + 1, where.ttl(), SEND_BUFFER_BYTES, 0);
            InetSocketAddress group = new InetSocketAddress(where.group(), where.port());
            InetSocketAddress nacks = NackWire.nackAddress(group);
            net.listen(nacks.getAddress(), nacks.getPort(), BUFFER_BYTES);
            return NackSender.over(net, group, settings, input, RANDOM.nextLong(), listener);
        } catch (IOException e) {
            input.close();
            if (net != null) {
                net.close();
            }
            throw TransferException.network(e);
        } catch (IllegalArgumentException e) {
            input.close();
            if (net != null) {
                net.close();
            }
            throw new TransferException(ExitCode.USAGE, e.getMessage(), e);
        }
    }

    /**
     * A receiver writing to {@code file} (null: {@code stdout}), through the {@code pipe} filter if not empty, of
     * the first session announced on the group, or the first named {@code expectedName} (null: any).
     */
    public static NackReceiver openReceiver(Network where, NackSettings settings, String expectedName, Path file,
                                            List<String> pipe, OutputStream stdout, TransferListener listener)
            throws TransferException {
        ResolvedInterface nif = resolve(where);
        // The unicast socket takes any free port: the sender answers where a report came from, so several
        // receivers can share a host.
        NioDatagramTransport net;
        try {
            net = NioDatagramTransport.open(nif, nif.address(), 0, where.ttl(), 0, 0);
        } catch (IOException e) {
            throw TransferException.network(e);
        }
        try {
            InetSocketAddress group = new InetSocketAddress(where.group(), where.port());
            net.listen(where.group(), where.port(), BUFFER_BYTES);
            net.listen(where.group(), where.port() + 1, 1 << 20);
            OutputSink sink = OutputSink.open(file, pipe, stdout);
            return NackReceiver.over(net, group, settings, expectedName, sink, listener, RANDOM.nextInt(),
                    new java.util.Random(RANDOM.nextLong()));
        } catch (IOException e) {
            net.close();
            throw new TransferException(ExitCode.NETWORK_ERROR, e.getMessage(), e);
        } catch (TransferException e) {
            net.close();
            throw e;
        }
    }

    private static ResolvedInterface resolve(Network where) throws TransferException {
        try {
            return InterfaceResolver.resolve(where.interfaceName());
        } catch (IOException e) {
            throw TransferException.network(e);
        }
    }

    private static InetAddress address(String dotted) {
        try {
            return InetAddress.getByName(dotted);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
