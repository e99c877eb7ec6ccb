package io.jcast.server.session;

import io.jcast.transfer.ExitCode;
import io.jcast.transfer.ReceiverState;
import io.jcast.transfer.ReceiverStatus;
import io.jcast.transfer.SenderConfig;
import io.jcast.transfer.StartPolicy;
import io.jcast.transfer.TransferListener;
import io.jcast.transfer.TransferProgress;
import io.jcast.transfer.TransferResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A scripted sender for scheduler tests: receivers "join" as soon as it opens, it waits until its
 * start policy (the engine's, with startNow() and expectReceivers() as the engine takes them) says
 * start, or for cancel(), then reports progress and completes (or holds mid-transfer until released).
 * A directory session's transfers can each have their own receivers, some of them dropped.
 */
public final class FakeSenders implements SenderFactory {
    public final List<FakeTransfer> opened = new CopyOnWriteArrayList<>();
    private final List<String> receivers;
    /** A directory session's later transfers: who joins each (by transfer index), and who is dropped in it. */
    private final Map<Integer, List<String>> receiversOf = new ConcurrentHashMap<>();
    private final Map<Integer, Set<String>> droppedIn = new ConcurrentHashMap<>();
    private volatile boolean hold;
    private volatile String laggard;
    private final CountDownLatch release = new CountDownLatch(1);

    public FakeSenders(String... receivers) {
        this.receivers = List.of(receivers);
    }

    /** Transfer {@code index} (0: the first file) has these receivers instead. */
    public FakeSenders part(int index, String... receivers) {
        receiversOf.put(index, List.of(receivers));
        return this;
    }

    /** In transfer {@code index}, this receiver is dropped instead of completing. */
    public FakeSenders dropIn(int index, String address) {
        droppedIn.computeIfAbsent(index, k -> ConcurrentHashMap.newKeySet()).add(address);
        return this;
    }

    /** Keeps transfers in progress (half sent) until {@link #release()}. */
    public FakeSenders holding() {
        hold = true;
        return this;
    }

    /** Reports this receiver as the one holding the transfer back while it runs. */
    public FakeSenders lagging(String address) {
        laggard = address;
        return this;
    }

    public void release() {
        release.countDown();
    }

    @Override
    public Transfer open(SenderConfig config, TransferListener listener) {
        int index = opened.size();
        FakeTransfer t = new FakeTransfer(config, listener, receiversOf.getOrDefault(index, receivers),
                droppedIn.getOrDefault(index, Set.of()));
        opened.add(t);
        return t;
    }

    public final class FakeTransfer implements Transfer {
        public final SenderConfig config;
        private final TransferListener listener;
        private final List<String> receivers;
        private final Set<String> dropped;
        private volatile StartPolicy policy;
        /** The receivers its admission let in. */
        public final List<String> joined = new CopyOnWriteArrayList<>();
        public volatile boolean startNowCalled;
        public volatile boolean cancelled;

        FakeTransfer(SenderConfig config, TransferListener listener, List<String> receivers, Set<String> dropped) {
            this.config = config;
            this.listener = listener;
            this.receivers = receivers;
            this.dropped = dropped;
            this.policy = config.startPolicy();
        }

        @Override
        public TransferResult run() {
            try {
                long size = Files.size(config.file());
                listener.onMessage("fake sender on port " + config.portBase());
                long opened = System.nanoTime();
                List<String> receivers = joined;
                for (String r : this.receivers) {
                    InetAddress address = InetAddress.getByName(r);
                    // every receiver asks twice, as one whose first request crossed a HELLO does
                    boolean admitted = config.admission().test(address);
                    if (config.admission().test(address) && admitted) {
                        receivers.add(r);
                        listener.onReceiverChanged(status(r, ReceiverState.CONNECTED, 0));
                    }
                }
                long joined = receivers.isEmpty() ? StartPolicy.NEVER : opened;
                StartPolicy.Decision decision = null;
                while (!cancelled && (decision = policy.decide(new StartPolicy.Facts(System.nanoTime(), opened,
                        receivers.size(), joined, joined, 0, opened, startNowCalled))).kind()
                        == StartPolicy.Decision.Kind.WAIT) {
                    Thread.sleep(10);
                }
                if (cancelled) {
                    return result(ExitCode.INTERRUPTED, 0);
                }
                if (decision.kind() == StartPolicy.Decision.Kind.TIMEOUT) {
                    return result(ExitCode.START_TIMEOUT, 0);
                }
                listener.onStartDecision(decision.reason());
                listener.onTransferStarted();
                List<ReceiverStatus> half = new ArrayList<>();
                for (String r : receivers) {
                    boolean slow = r.equals(laggard);
                    ReceiverStatus st = status(r, ReceiverState.RECEIVING, slow ? size / 4 : size / 2);
                    half.add(slow ? new ReceiverStatus(st.number(), st.address(), st.state(), st.bytesAcknowledged(),
                            17, true, "") : st);
                }
                listener.onProgress(new TransferProgress(size / 2, size, 1e6, 0, 64, 1, half, false));
                if (hold) {
                    while (!cancelled && !release.await(20, TimeUnit.MILLISECONDS)) {
                        Thread.onSpinWait();
                    }
                    if (cancelled) {
                        return result(ExitCode.INTERRUPTED, size / 2);
                    }
                }
                List<ReceiverStatus> done = new ArrayList<>();
                for (String r : receivers) {
                    ReceiverStatus s = dropped.contains(r)
                            ? new ReceiverStatus(0, InetAddress.getByName(r), ReceiverState.DROPPED, size / 2, 0, false,
                                    "no answer for --retries-until-drop rounds")
                            : status(r, ReceiverState.COMPLETED, size);
                    done.add(s);
                    listener.onReceiverChanged(s);
                }
                listener.onProgress(new TransferProgress(size, size, 1e6, 0, 64, 2, done, true));
                return dropped.isEmpty()
                        ? new TransferResult(ExitCode.OK, "transfer complete", size, 0, 2, done, Map.of())
                        : new TransferResult(ExitCode.RECEIVERS_DROPPED, "receivers dropped", size, 0, 2, done,
                                Map.of());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return result(ExitCode.INTERRUPTED, 0);
            }
        }

        private TransferResult result(ExitCode code, long bytes) {
            return new TransferResult(code, code.meaning(), bytes, 0, 0, List.of(), Map.of());
        }

        /** The start policy as the session left it (its expected count after the session's changes). */
        public StartPolicy policy() {
            return policy;
        }

        @Override
        public void startNow() {
            startNowCalled = true;
        }

        @Override
        public void expectReceivers(int count) {
            policy = policy.withExpectedReceivers(count);
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public void close() {
        }
    }

    static ReceiverStatus status(String address, ReceiverState state, long bytes) {
        try {
            return new ReceiverStatus(0, InetAddress.getByName(address), state, bytes, 0, false, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
