package io.jcast.diag.omping;

import java.util.List;
import java.util.Map;

/** Per-peer statistics of a run, in command-line order, plus what the node dropped. */
public record OmpingResult(List<PeerResult> peers, Map<OmpingCounter, Long> counters) {
    public OmpingResult {
        peers = List.copyOf(peers);
        counters = Map.copyOf(counters);
    }
}
