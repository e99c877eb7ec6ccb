package io.jcast.simulation;

import io.jcast.fec.ReedSolomon;
import io.jcast.protocol.BlockBitmap;
import io.jcast.protocol.Capabilities;
import io.jcast.protocol.ConnectReply;
import io.jcast.protocol.ConnectReq;
import io.jcast.protocol.DataHeader;
import io.jcast.protocol.Hello;
import io.jcast.protocol.MalformedPacketException;
import io.jcast.protocol.Ok;
import io.jcast.protocol.Opcode;
import io.jcast.protocol.ReqAck;
import io.jcast.protocol.Retransmit;
import io.jcast.protocol.ShortMessage;
import io.jcast.transport.SimulatedNetwork;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Debian's udp-receiver 20120424 as the sender sees it, rule for rule (receivedata.c and
 * udpr-negotiate.c; udpcast-protocol.md §5 and §7.2-7.6): the sender must serve this model in the
 * simulation suite as it must serve the binary in the namespace interop tests.
 * <ul>
 *   <li>locate: one CONNECT_REQ at start, another (unicast) only per HELLO; CONNECT_REQ, DATA and
 *       FEC are ignored; any other opcode is fatal ("Bad server reply");</li>
 *   <li>four slots; slice 0 exists from the start, {@code receivedSliceNo} starts at -1 (so says
 *       the Debian binary; the 20120424 source says 0) and follows the consecutive complete slices;
 *       a new slice must be the current one + 1 and must not be more than two past
 *       {@code receivedSliceNo} (both "Dropped by server now=N last=M"), and the current one must
 *       know its size ("Previous slice size not known"): all fatal;</li>
 *   <li>REQACK: ignored if our bit is in the ready set, OK for a slice no longer held, else OK if
 *       every block (data or FEC) is there, else RETRANSMIT of the data map;</li>
 *   <li>from its first DATA, FEC or REQACK on it reads only the socket that one came on (the
 *       others are closed); once the end marker's size is known, the end-phase select misses the
 *       highest socket (its maxFd bug): multicast is no longer read, and with unicast data (point
 *       to point) nothing at all; after a quiet exit-wait with every slice written it sends
 *       DISCONNECT and exits 0;</li>
 *   <li>its first FEC block switches it to FEC mode (noted: "FEC mode"), where a thread of its own
 *       frees the slots; the binary can then lose count under a busy CPU, so the suite checks that
 *       no udp-receiver sees FEC unless the session asked for --fec;</li>
 *   <li>in the data phase HELLO is ignored, other foreign opcodes print "Unexpected opcode";</li>
 *   <li>a HELLO with the async capability makes it passive: it joins at once and never sends.</li>
 * </ul>
 * Writing is instant (the model's disk is never behind). jcast-cli's {@code interop/UdpReceiverRulesIT} checks
 * these rules against the real binary with a scripted sender; where they differed, the binary won.
 */
final class UdpReceiverModel implements SimulatedNetwork.Node {
    private static final int NR_SLICES = 4;

    private enum State { FREE, RECEIVING, DONE, FEC }

    private final class Slot {
        State state = State.FREE;
        int sliceNo;
        int bytes;
        boolean bytesKnown;
        final BlockBitmap map = new BlockBitmap();
        int blocksTransferred;
        int dataBlocksTransferred;
        int fecStripes;
        final int[] missing = new int[128];
        final List<int[]> fecBlockNos = new ArrayList<>(); // per stripe: FEC block numbers held
        final List<List<byte[]>> fecData = new ArrayList<>();
        byte[][] data = new byte[1024][];

        void init(int no) {
            state = State.RECEIVING;
            sliceNo = no;
            bytes = 0;
            bytesKnown = false;
            map.clear();
            blocksTransferred = 0;
            dataBlocksTransferred = 0;
            fecStripes = 0;
            fecBlockNos.clear();
            fecData.clear();
            data = new byte[1024][];
        }

        int blocks() {
            return (bytes + blockSize - 1) / blockSize;
        }
    }

    private final SimulatedNetwork.Endpoint net;
    private final InetSocketAddress controlTarget;
    private final int portBase;
    private final long exitWaitNs;
    private final ByteBuffer buf = ByteBuffer.allocate(65536);
    private final ByteBuffer out = ByteBuffer.allocate(256);
    private final BlockBitmap readySet = new BlockBitmap();
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final List<String> messages = new ArrayList<>();
    private final Slot[] slots = new Slot[NR_SLICES];

    private boolean connected;
    private boolean passive;
    private boolean done;
    private int exitCode = -1;
    private InetSocketAddress server;
    private int clientNumber;
    private int blockSize;
    private ReedSolomon coder;
    private Slot current;
    private int currentSliceNo = -1;
    private int nextSlot;
    private int receivedPtr;
    private int receivedSliceNo = -1;
    private int cleanupPtr;
    private boolean netEndReached;
    /** Where its first DATA, FEC or REQACK was sent to: the one socket it reads from then on. */
    private InetSocketAddress selected;
    private boolean fecMode;
    private boolean endReached;
    private long lastPacketNs;

    UdpReceiverModel(SimulatedNetwork.Endpoint net, InetSocketAddress controlTarget, int portBase,
                     long exitWaitNs) {
        this.net = net;
        this.controlTarget = controlTarget;
        this.portBase = portBase;
        this.exitWaitNs = exitWaitNs;
        for (int i = 0; i < NR_SLICES; i++) {
            slots[i] = new Slot();
        }
    }

    /** Starts as the binary does: one CONNECT_REQ to the control address. */
    void start() {
        sendConnectReq(controlTarget);
    }

    byte[] output() {
        return output.toByteArray();
    }

    /** The exit code, or -1 while running. */
    int exitCode() {
        return exitCode;
    }

    /** What it printed on stderr, as the binary words it. */
    List<String> messages() {
        return messages;
    }

    @Override
    public boolean isDone() {
        return done;
    }

    @Override
    public long nextDeadlineNs(long now) {
        return endReached ? Math.max(now, lastPacketNs + exitWaitNs) : Long.MAX_VALUE;
    }

    @Override
    public int doWork(long now) {
        int n = 0;
        InetSocketAddress from;
        while (!done && (from = net.receive(buf)) != null) {
            n++;
            InetSocketAddress to = net.lastDestination();
            if (selected != null && (netEndReached ? selected.equals(net.address()) || !to.equals(net.address())
                    : !to.equals(selected))) {
                continue; // a socket it no longer reads (see the class comment)
            }
            lastPacketNs = now;
            try {
                if (connected) {
                    dispatch(from);
                } else {
                    locate(from);
                }
            } catch (MalformedPacketException e) {
                messages.add("malformed: " + e.getMessage());
            }
        }
        if (!done && endReached && now - lastPacketNs >= exitWaitNs) {
            sendShort(Opcode.DISCONNECT);
            messages.add("Transfer complete.");
            exit(0);
            return n + 1;
        }
        return n;
    }

    private void exit(int code) {
        exitCode = code;
        done = true;
        net.close();
    }

    private void fatal(String message) {
        messages.add(message);
        exit(1);
    }

    // ---- udpr-negotiate.c ------------------------------------------------------------------

    private void locate(InetSocketAddress from) throws MalformedPacketException {
        if (from.getPort() != portBase + 1) {
            return;
        }
        int op = Opcode.of(buf);
        if (Opcode.isHello(op)) {
            Hello hello = Hello.decode(buf);
            if ((hello.capabilities() & Capabilities.ASYNC) != 0) {
                passive = true;
                join(from, 0, hello.blockSize(), hello.capabilities(), hello.dataAddress());
                messages.add("Connected as #0 to " + from.getAddress().getHostAddress());
                return;
            }
            sendConnectReq(from);
        } else if (op == Opcode.CONNECT_REPLY) {
            ConnectReply reply = ConnectReply.decode(buf);
            if (reply.clientNumber() < 0) {
                fatal("Too many clients already connected");
                return;
            }
            join(from, reply.clientNumber(), reply.blockSize(), reply.capabilities(), reply.dataAddress());
            messages.add("Connected as #" + clientNumber + " to " + from.getAddress().getHostAddress());
        } else if (op != Opcode.CONNECT_REQ && op != Opcode.DATA && op != Opcode.FEC) {
            fatal(String.format("Bad server reply %04x. Other transfer in progress?", Short.reverseBytes((short) op)));
        }
    }

    private void join(InetSocketAddress from, int number, int size, int capabilities, java.net.Inet4Address data) {
        server = from;
        clientNumber = number;
        blockSize = size;
        coder = new ReedSolomon(blockSize);
        connected = true;
        if ((capabilities & Capabilities.NEW_GEN) != 0 && !data.isAnyLocalAddress()) {
            net.listen(data, portBase, 0);
        }
        newSlice(0);
    }

    // ---- receivedata.c ---------------------------------------------------------------------

    private void dispatch(InetSocketAddress from) throws MalformedPacketException {
        if (!from.equals(server)) {
            messages.add("Rogue packet received " + from);
            return;
        }
        int op = Opcode.of(buf);
        if (selected == null && (op == Opcode.DATA || op == Opcode.FEC || op == Opcode.REQACK)) {
            selected = net.lastDestination();
        }
        switch (op) {
            case Opcode.DATA -> data(DataHeader.sliceNo(buf), DataHeader.blockNo(buf), DataHeader.sliceBytes(buf));
            case Opcode.FEC -> fec(DataHeader.stripes(buf), DataHeader.sliceNo(buf), DataHeader.blockNo(buf),
                    DataHeader.sliceBytes(buf));
            case Opcode.REQACK -> {
                ReqAck.validate(buf);
                reqAck(buf.getInt(ReqAck.SLICE_OFFSET), buf.getInt(ReqAck.BYTES_OFFSET),
                        buf.getInt(ReqAck.RXMIT_OFFSET));
            }
            case Opcode.HELLO, Opcode.HELLO_NEW, Opcode.HELLO_STREAMING -> {
                // a HELLO repeated to find other participants: ignored
            }
            default -> messages.add(String.format("Unexpected opcode %04x", Short.reverseBytes((short) op) & 0xffff));
        }
    }

    private void newSlice(int sliceNo) {
        Slot s = slots[nextSlot];
        if (s.state != State.FREE) {
            fatal("model: no free slot for slice " + sliceNo + " (the binary would block)");
            return;
        }
        nextSlot = (nextSlot + 1) % NR_SLICES;
        if (current != null && !current.bytesKnown) {
            fatal("Previous slice size not known");
            return;
        }
        if (currentSliceNo != sliceNo - 1) {
            fatal("Slice no mismatch " + sliceNo + " <-> " + currentSliceNo);
            return;
        }
        s.init(sliceNo);
        current = s;
        currentSliceNo = sliceNo;
    }

    /** The slot holding {@code sliceNo}; null for a slice no longer held; a new one for current + 1. */
    private Slot findSlice(int sliceNo) {
        if (sliceNo <= currentSliceNo) {
            int pos = indexOf(current);
            Slot s = current;
            while (s.sliceNo != sliceNo) {
                if (s.state == State.FREE) {
                    return null;
                }
                pos = (pos + NR_SLICES - 1) % NR_SLICES;
                s = slots[pos];
            }
            return s;
        }
        if (sliceNo != currentSliceNo + 1) {
            fatal("Dropped by server now=" + sliceNo + " last=" + receivedSliceNo);
            return null;
        }
        if (sliceNo > receivedSliceNo + 2) {
            fatal("Dropped by server now=" + sliceNo + " last=" + receivedSliceNo);
            return null;
        }
        newSlice(sliceNo);
        return done ? null : current;
    }

    private int indexOf(Slot s) {
        for (int i = 0; i < NR_SLICES; i++) {
            if (slots[i] == s) {
                return i;
            }
        }
        throw new IllegalStateException();
    }

    private void setSliceBytes(Slot s, int bytes) {
        if (s.bytesKnown) {
            if (s.bytes != bytes) {
                fatal("Byte number mismatch " + bytes + " <-> " + s.bytes);
            }
            return;
        }
        s.bytesKnown = true;
        s.bytes = bytes;
        if (bytes == 0) {
            netEndReached = true;
        }
    }

    private void data(int sliceNo, int blockNo, int bytes) {
        Slot s = findSlice(sliceNo);
        if (s == null || s.state != State.RECEIVING || s.map.get(blockNo)) {
            return;
        }
        byte[] block = new byte[blockSize];
        int len = Math.min(blockSize, buf.remaining() - DataHeader.LENGTH);
        buf.get(DataHeader.LENGTH, block, 0, len);
        s.data[blockNo] = block;
        if (bytes != 0) {
            setSliceBytes(s, bytes);
            if (done) {
                return;
            }
        }
        s.map.set(blockNo);
        if (s.fecStripes != 0) {
            int stripe = blockNo % s.fecStripes;
            s.missing[stripe]--;
            int held = s.fecBlockNos.get(stripe).length;
            if (s.missing[stripe] < held) {
                // the FEC block is no longer needed: give it back
                s.fecBlockNos.set(stripe, java.util.Arrays.copyOf(s.fecBlockNos.get(stripe), held - 1));
                s.fecData.get(stripe).remove(held - 1);
                s.blocksTransferred--;
            }
        }
        s.dataBlocksTransferred++;
        s.blocksTransferred++;
        checkSliceComplete(s);
    }

    private void fec(int stripes, int sliceNo, int blockNo, int bytes) {
        Slot s = findSlice(sliceNo);
        if (s == null || s.state != State.RECEIVING) {
            return;
        }
        setSliceBytes(s, bytes);
        if (done) {
            return;
        }
        if (!fecMode) {
            fecMode = true;
            messages.add("FEC mode");
        }
        if (s.fecStripes == 0) {
            s.fecStripes = stripes;
            for (int i = 0; i < stripes; i++) {
                s.missing[i] = 0;
                s.fecBlockNos.add(new int[0]);
                s.fecData.add(new ArrayList<>());
            }
            for (int b = 0; b < s.blocks(); b++) {
                if (!s.map.get(b)) {
                    s.missing[b % stripes]++;
                }
            }
        } else if (s.fecStripes != stripes) {
            messages.add("Interleave mismatch " + s.fecStripes + " <-> " + stripes);
            return;
        }
        int stripe = blockNo % stripes;
        int[] held = s.fecBlockNos.get(stripe);
        if (s.missing[stripe] <= held.length) {
            checkSliceComplete(s); // not useful
            return;
        }
        for (int no : held) {
            if (no == blockNo) {
                messages.add("**** duplicate block...");
                return;
            }
        }
        byte[] block = new byte[blockSize];
        buf.get(DataHeader.LENGTH, block, 0, Math.min(blockSize, buf.remaining() - DataHeader.LENGTH));
        int[] more = java.util.Arrays.copyOf(held, held.length + 1);
        more[held.length] = blockNo;
        s.fecBlockNos.set(stripe, more);
        s.fecData.get(stripe).add(block);
        s.blocksTransferred++;
        checkSliceComplete(s);
    }

    private void reqAck(int sliceNo, int bytes, int rxmit) {
        Slot s = findSlice(sliceNo);
        if (done) {
            return;
        }
        readySet.read(buf, ReqAck.READY_SET_OFFSET);
        if (readySet.get(clientNumber)) {
            return;
        }
        if (s == null) {
            sendOk(sliceNo);
            return;
        }
        setSliceBytes(s, bytes);
        if (done) {
            return;
        }
        if (s.blocks() == s.blocksTransferred) {
            sendOk(s.sliceNo);
        } else {
            out.clear();
            Retransmit.encode(out, s.sliceNo, rxmit, s.map);
            send();
        }
        checkSliceComplete(s);
    }

    private void checkSliceComplete(Slot s) {
        if (s.state != State.RECEIVING || s.blocks() != s.blocksTransferred) {
            return;
        }
        s.state = s.blocks() == s.dataBlocksTransferred ? State.DONE : State.FEC;
        while (slots[receivedPtr].state == State.DONE || slots[receivedPtr].state == State.FEC) {
            receivedSliceNo = slots[receivedPtr].sliceNo;
            receivedPtr = (receivedPtr + 1) % NR_SLICES;
        }
        cleanup();
    }

    /** Writes complete slices in order and frees their slots (the writer and FEC threads, instantly). */
    private void cleanup() {
        while (slots[cleanupPtr].state == State.DONE || slots[cleanupPtr].state == State.FEC) {
            Slot s = slots[cleanupPtr];
            if (s.state == State.FEC) {
                repair(s);
            }
            int left = s.bytes;
            for (int b = 0; left > 0; b++) {
                int n = Math.min(left, blockSize);
                output.write(s.data[b], 0, n);
                left -= n;
            }
            if (s.bytes == 0) {
                endReached = true;
            }
            s.state = State.FREE;
            cleanupPtr = (cleanupPtr + 1) % NR_SLICES;
        }
    }

    private void repair(Slot s) {
        int stripes = s.fecStripes;
        int nrBlocks = s.blocks();
        for (int stripe = 0; stripe < stripes; stripe++) {
            int[] held = s.fecBlockNos.get(stripe);
            if (held.length == 0) {
                continue;
            }
            int n = 0;
            ByteBuffer[] data = new ByteBuffer[128];
            boolean[] present = new boolean[128];
            for (int b = stripe; b < nrBlocks; b += stripes) {
                if (s.data[b] == null) {
                    s.data[b] = new byte[blockSize];
                }
                data[n] = ByteBuffer.wrap(s.data[b]);
                present[n++] = s.map.get(b);
            }
            ByteBuffer[] fec = new ByteBuffer[held.length];
            int[] rows = new int[held.length];
            for (int i = 0; i < held.length; i++) {
                fec[i] = ByteBuffer.wrap(s.fecData.get(stripe).get(i));
                rows[i] = held[i] / stripes;
            }
            int lastLength = s.bytes - (nrBlocks - 1) * blockSize;
            if (lastLength < blockSize && s.map.get(nrBlocks - 1)) {
                java.util.Arrays.fill(s.data[nrBlocks - 1], lastLength, blockSize, (byte) 0);
            }
            coder.decode(data, present, n, fec, rows, held.length);
        }
    }

    // ---- sending ---------------------------------------------------------------------------

    private void sendConnectReq(InetSocketAddress to) {
        out.clear();
        new ConnectReq(Capabilities.DEFAULT, 212992).encode(out);
        out.flip();
        net.send(out, to);
    }

    private void sendOk(int sliceNo) {
        out.clear();
        Ok.encode(out, sliceNo);
        send();
    }

    private void sendShort(int opcode) {
        out.clear();
        ShortMessage.encode(out, opcode);
        send();
    }

    private void send() {
        if (passive) {
            return;
        }
        out.flip();
        net.send(out, server);
    }
}
