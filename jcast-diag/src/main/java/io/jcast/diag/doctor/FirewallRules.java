package io.jcast.diag.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Firewall rules of the input path, reduced to what decides the fate of one datagram: enough to tell whether
 * multicast, IGMP or the UDP ports of jcast, omping and corosync would be dropped. Built from
 * {@code nft -j list ruleset} or {@code iptables-save}. A match this class does not understand (source address,
 * marks, rate limits) makes the outcome "may drop" rather than a guess.
 */
final class FirewallRules {
    /** A datagram arriving on {@code inInterface}; {@code port} is the UDP destination port, -1 for IGMP. */
    record Packet(String description, String protocol, InetAddress destination, int port, String inInterface) {
        boolean ipv6() {
            return destination.getAddress().length == 16;
        }

        boolean multicast() {
            return destination.isMulticastAddress();
        }
    }

    enum Verdict { ACCEPT, DROP, MAYBE_DROP, CONTINUE }

    /**
     * The fate of a packet and the rule that decided it (or the uncertain rule for MAYBE_DROP).
     * {@code mayHaveAccepted}: on CONTINUE from a regular chain, a rule there may have accepted the packet.
     */
    record Outcome(Verdict verdict, String rule, boolean mayHaveAccepted) {
        Outcome(Verdict verdict, String rule) {
            this(verdict, rule, false);
        }
    }

    private enum Tri { TRUE, FALSE, UNKNOWN }

    private enum ActionKind { ACCEPT, DROP, JUMP, GOTO, RETURN, NONE, UNKNOWN }

    private interface Condition {
        Tri test(Packet p);
    }

    private record Rule(List<Condition> conditions, ActionKind action, String target, String text) {
    }

    /** {@code hook} is null for a regular chain; {@code family} is "ip", "ip6" or "inet". */
    private record Chain(String key, String family, String hook, boolean dropPolicy, List<Rule> rules) {
    }

    private final String source;
    private final Map<String, Chain> chains;

    private FirewallRules(String source, Map<String, Chain> chains) {
        this.source = source;
        this.chains = chains;
    }

    /** "nftables" or "iptables": which tool the rules came from, for the fix text. */
    String source() {
        return source;
    }

    boolean isEmpty() {
        return chains.values().stream().allMatch(c -> c.hook() == null || (c.rules().isEmpty() && !c.dropPolicy()));
    }

    /** The combined fate over every input and prerouting base chain: a drop anywhere wins. */
    Outcome evaluate(Packet packet) {
        Outcome result = new Outcome(Verdict.ACCEPT, "");
        for (Chain chain : chains.values()) {
            if (chain.hook() == null || !appliesTo(chain.family(), packet)) {
                continue;
            }
            Outcome o = evaluate(chain, packet, 0);
            if (o.verdict() == Verdict.DROP) {
                return o;
            }
            if (o.verdict() == Verdict.MAYBE_DROP && result.verdict() == Verdict.ACCEPT) {
                result = o;
            }
        }
        return result;
    }

    private static boolean appliesTo(String family, Packet p) {
        return family.equals("inet") || family.equals(p.ipv6() ? "ip6" : "ip");
    }

    private Outcome evaluate(Chain chain, Packet p, int depth) {
        String maybe = null;
        boolean uncertainAccept = false;
        for (Rule rule : chain.rules()) {
            Tri match = Tri.TRUE;
            for (Condition c : rule.conditions()) {
                Tri t = c.test(p);
                if (t == Tri.FALSE) {
                    match = Tri.FALSE;
                    break;
                }
                if (t == Tri.UNKNOWN) {
                    match = Tri.UNKNOWN;
                }
            }
            if (match == Tri.FALSE) {
                continue;
            }
            boolean sure = match == Tri.TRUE && !uncertainAccept;
            switch (rule.action()) {
                case ACCEPT -> {
                    if (match == Tri.TRUE) {
                        return maybe == null ? new Outcome(Verdict.ACCEPT, rule.text())
                                : new Outcome(Verdict.MAYBE_DROP, maybe);
                    }
                    uncertainAccept = true;
                }
                case DROP -> {
                    if (sure && maybe == null) {
                        return new Outcome(Verdict.DROP, rule.text());
                    }
                    if (match == Tri.TRUE) {
                        return new Outcome(Verdict.MAYBE_DROP, maybe == null ? rule.text() : maybe);
                    }
                    maybe = maybe == null ? rule.text() : maybe;
                }
                case JUMP, GOTO -> {
                    Chain target = chains.get(familyKey(chain) + rule.target());
                    if (target == null || depth > 8) {
                        break;
                    }
                    Outcome sub = evaluate(target, p, depth + 1);
                    if (sub.verdict() == Verdict.CONTINUE) {
                        if (sub.rule() != null && maybe == null) {
                            maybe = sub.rule();
                        }
                        uncertainAccept |= sub.mayHaveAccepted();
                        if (rule.action() == ActionKind.GOTO && match == Tri.TRUE) {
                            return new Outcome(Verdict.CONTINUE, maybe, uncertainAccept);
                        }
                    } else if (match == Tri.TRUE && !(sub.verdict() == Verdict.DROP && !sure)) {
                        return sub.verdict() == Verdict.ACCEPT && maybe != null
                                ? new Outcome(Verdict.MAYBE_DROP, maybe) : sub;
                    } else if (sub.verdict() == Verdict.ACCEPT) {
                        uncertainAccept = true;
                    } else if (maybe == null) {
                        maybe = sub.rule();
                    }
                }
                case RETURN -> {
                    if (match == Tri.TRUE) {
                        return new Outcome(Verdict.CONTINUE, maybe, uncertainAccept);
                    }
                }
                case UNKNOWN -> maybe = maybe == null ? rule.text() : maybe;
                case NONE -> {
                    // counters and logs do not decide anything
                }
            }
        }
        if (chain.hook() == null) {
            return new Outcome(Verdict.CONTINUE, maybe, uncertainAccept);
        }
        if (chain.dropPolicy()) {
            String text = chain.key() + ": policy drop";
            return uncertainAccept || maybe != null ? new Outcome(Verdict.MAYBE_DROP, maybe == null ? text : maybe)
                    : new Outcome(Verdict.DROP, text);
        }
        return maybe == null ? new Outcome(Verdict.ACCEPT, "") : new Outcome(Verdict.MAYBE_DROP, maybe);
    }

    private static String familyKey(Chain chain) {
        return chain.key().substring(0, chain.key().lastIndexOf(' ') + 1);
    }

    // ---------------------------------------------------------------- nftables

    /** Parses {@code nft -j list ruleset}. */
    static FirewallRules fromNftJson(String json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json);
        Map<String, Chain> chains = new LinkedHashMap<>();
        for (JsonNode item : root.path("nftables")) {
            JsonNode c = item.get("chain");
            if (c != null) {
                String key = c.path("family").asText() + " " + c.path("table").asText() + " " + c.path("name").asText();
                String hook = c.has("hook") ? c.path("hook").asText() : null;
                if (hook != null && !hook.equals("input") && !hook.equals("prerouting")) {
                    hook = null; // output, forward, postrouting: not on the way in to this host
                }
                chains.put(key, new Chain(key, c.path("family").asText(), hook,
                        "drop".equals(c.path("policy").asText()), new ArrayList<>()));
            }
        }
        for (JsonNode item : root.path("nftables")) {
            JsonNode r = item.get("rule");
            if (r == null) {
                continue;
            }
            String key = r.path("family").asText() + " " + r.path("table").asText() + " " + r.path("chain").asText();
            Chain chain = chains.get(key);
            if (chain != null) {
                chain.rules().add(nftRule(key, r.path("expr")));
            }
        }
        return new FirewallRules("nftables", chains);
    }

    private static Rule nftRule(String chainKey, JsonNode exprs) {
        List<Condition> conditions = new ArrayList<>();
        List<String> words = new ArrayList<>();
        ActionKind action = ActionKind.NONE;
        String target = null;
        for (JsonNode e : exprs) {
            String kind = e.fieldNames().hasNext() ? e.fieldNames().next() : "";
            JsonNode v = e.get(kind);
            switch (kind) {
                case "match" -> {
                    String field = nftField(v.path("left"));
                    List<String> values = nftValues(v.path("right"));
                    String op = v.path("op").asText();
                    words.add(field + (op.equals("!=") ? " != " : " ") + String.join(",", values));
                    conditions.add(match(field, op, values));
                }
                case "accept" -> {
                    action = ActionKind.ACCEPT;
                    words.add("accept");
                }
                case "drop", "reject" -> {
                    action = ActionKind.DROP;
                    words.add(kind);
                }
                case "jump", "goto" -> {
                    action = kind.equals("jump") ? ActionKind.JUMP : ActionKind.GOTO;
                    target = v.path("target").asText();
                    words.add(kind + " " + target);
                }
                case "return" -> {
                    action = ActionKind.RETURN;
                    words.add("return");
                }
                case "counter", "log", "meta", "mangle", "ct", "notrack" -> {
                    // statements without a verdict
                }
                case "queue" -> {
                    action = ActionKind.UNKNOWN;
                    words.add("queue");
                }
                default -> {
                    words.add(kind);
                    conditions.add(p -> Tri.UNKNOWN);
                }
            }
        }
        return new Rule(conditions, action, target, chainKey + ": " + String.join(" ", words));
    }

    private static String nftField(JsonNode left) {
        if (left.has("payload")) {
            JsonNode p = left.get("payload");
            return p.path("protocol").asText() + " " + p.path("field").asText();
        }
        if (left.has("meta")) {
            return "meta " + left.get("meta").path("key").asText();
        }
        if (left.has("ct")) {
            return "ct " + left.get("ct").path("key").asText();
        }
        if (left.has("fib")) {
            return "fib " + String.join(",", texts(left.get("fib").path("flags"))) + " "
                    + left.get("fib").path("result").asText();
        }
        return left.toString();
    }

    private static List<String> nftValues(JsonNode right) {
        List<String> out = new ArrayList<>();
        if (right.isArray()) {
            right.forEach(n -> out.addAll(nftValues(n)));
        } else if (right.has("set")) {
            right.get("set").forEach(n -> out.addAll(nftValues(n)));
        } else if (right.has("prefix")) {
            out.add(right.get("prefix").path("addr").asText() + "/" + right.get("prefix").path("len").asText());
        } else if (right.has("range")) {
            out.add(right.get("range").get(0).asText() + "-" + right.get("range").get(1).asText());
        } else if (right.isValueNode()) {
            out.add(right.asText());
        } else {
            out.add(right.toString());
        }
        return out;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    // ---------------------------------------------------------------- iptables

    private static final Pattern TOKEN = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"|(\\S+)");

    /** Parses {@code iptables-save}: the filter table's INPUT chain (and the chains it jumps to), raw PREROUTING. */
    static FirewallRules fromIptablesSave(String text) {
        Map<String, Chain> chains = new LinkedHashMap<>();
        String table = "";
        for (String line : text.lines().toList()) {
            if (line.startsWith("*")) {
                table = line.substring(1).trim();
            } else if (line.startsWith(":")) {
                String[] parts = line.substring(1).trim().split("\\s+");
                String key = "ip " + table + " " + parts[0];
                boolean base = (table.equals("filter") && parts[0].equals("INPUT"))
                        || (table.equals("raw") || table.equals("mangle")) && parts[0].equals("PREROUTING");
                chains.put(key, new Chain(key, "ip", base ? "input" : null,
                        parts.length > 1 && parts[1].equals("DROP"), new ArrayList<>()));
            } else if (line.startsWith("-A ")) {
                List<String> tokens = new ArrayList<>();
                Matcher m = TOKEN.matcher(line);
                while (m.find()) {
                    tokens.add(m.group(1) != null ? m.group(1) : m.group(2));
                }
                Chain chain = chains.get("ip " + table + " " + tokens.get(1));
                if (chain != null) {
                    chain.rules().add(iptablesRule(chain.key(), tokens.subList(2, tokens.size()), line.substring(3)));
                }
            }
        }
        return new FirewallRules("iptables", chains);
    }

    private static Rule iptablesRule(String chainKey, List<String> t, String text) {
        List<Condition> conditions = new ArrayList<>();
        ActionKind action = ActionKind.NONE;
        String target = null;
        boolean negate = false;
        int i = 0;
        while (i < t.size()) {
            String opt = t.get(i++);
            if (opt.equals("!")) {
                negate = true;
                continue;
            }
            if (!opt.startsWith("-")) {
                continue; // a further argument of an option not modelled
            }
            // every option modelled here takes one argument; a flag is followed by the next option
            String arg = i < t.size() && !t.get(i).startsWith("-") && !t.get(i).equals("!") ? t.get(i++) : "";
            String op = negate ? "!=" : "==";
            negate = false;
            switch (opt) {
                case "-d", "--destination" -> conditions.add(match("ip daddr", op, List.of(arg.split(","))));
                case "-p", "--protocol" -> {
                    if (!arg.equals("all")) {
                        conditions.add(match("meta l4proto", op, List.of(arg)));
                    }
                }
                case "--dport", "--destination-port" ->
                        conditions.add(match("th dport", op, List.of(arg.replace(':', '-'))));
                case "--dports", "--destination-ports" ->
                        conditions.add(match("th dport", op, List.of(arg.replace(':', '-').split(","))));
                case "--dst-type" ->
                        conditions.add(match("fib daddr type", op, List.of(arg.toLowerCase(Locale.ROOT).split(","))));
                case "--pkt-type" -> conditions.add(match("meta pkttype", op, List.of(arg.toLowerCase(Locale.ROOT))));
                case "-i", "--in-interface" -> conditions.add(match("meta iifname", op, List.of(arg.replace('+',
                        '*'))));
                case "--state", "--ctstate" ->
                        conditions.add(match("ct state", op, List.of(arg.toLowerCase(Locale.ROOT).split(","))));
                case "-m", "--match", "--comment", "--reject-with", "--log-prefix", "--log-level" -> {
                    // a module name or a decoration: no condition of its own
                }
                case "-j", "--jump", "-g", "--goto" -> {
                    target = arg;
                    action = switch (arg) {
                        case "ACCEPT" -> ActionKind.ACCEPT;
                        case "DROP", "REJECT" -> ActionKind.DROP;
                        case "RETURN" -> ActionKind.RETURN;
                        case "LOG", "NFLOG", "MARK", "CONNMARK", "TRACE", "CT", "NOTRACK" -> ActionKind.NONE;
                        default -> opt.equals("-g") || opt.equals("--goto") ? ActionKind.GOTO : ActionKind.JUMP;
                    };
                }
                // -s, --sport, marks, limits, recent: depend on things not modelled here
                default -> conditions.add(p -> Tri.UNKNOWN);
            }
        }
        return new Rule(conditions, action, target, chainKey + ": " + text);
    }

    // ---------------------------------------------------------------- matching

    private static Condition match(String field, String op, List<String> values) {
        if (!op.equals("==") && !op.equals("!=") && !op.equals("in")) {
            return p -> Tri.UNKNOWN;
        }
        boolean negate = op.equals("!=");
        return p -> {
            Tri t = test(field, values, p);
            return negate && t != Tri.UNKNOWN ? (t == Tri.TRUE ? Tri.FALSE : Tri.TRUE) : t;
        };
    }

    private static final Set<String> UDP_NAMES = Set.of("udp", "17");
    private static final Set<String> IGMP_NAMES = Set.of("igmp", "2");

    /** Header protocols a match can name; a match on another protocol's header never matches our packets. */
    private static final Set<String> TRANSPORTS = Set.of("tcp", "udp", "udplite", "sctp", "dccp", "icmp", "icmpv6",
            "igmp", "th");

    private static Tri test(String field, List<String> values, Packet p) {
        String proto = field.substring(0, field.indexOf(' ') < 0 ? field.length() : field.indexOf(' '));
        if (TRANSPORTS.contains(proto) && !field.equals("udp dport") && !field.equals("th dport")) {
            // e.g. "tcp dport 22": false for UDP and IGMP; "udp sport": the peer's port, not known here
            boolean same = proto.equals(p.protocol()) || proto.equals("th") && p.port() >= 0;
            return same ? Tri.UNKNOWN : Tri.FALSE;
        }
        if ((field.equals("ip saddr") || field.equals("ip6 saddr")) && p.ipv6() != field.startsWith("ip6")) {
            return Tri.FALSE;
        }
        switch (field) {
            case "ip daddr", "ip6 daddr" -> {
                if (p.ipv6() != field.startsWith("ip6")) {
                    return Tri.FALSE;
                }
                return of(values.stream().anyMatch(v -> addressMatches(v, p.destination())));
            }
            case "udp dport", "th dport" -> {
                if (p.port() < 0 || (field.startsWith("udp") && !p.protocol().equals("udp"))) {
                    return Tri.FALSE;
                }
                return of(values.stream().anyMatch(v -> portMatches(v, p.port())));
            }
            case "meta l4proto", "ip protocol", "ip6 nexthdr" -> {
                Set<String> names = p.protocol().equals("udp") ? UDP_NAMES : IGMP_NAMES;
                return of(values.stream().anyMatch(v -> names.contains(v.toLowerCase(Locale.ROOT))));
            }
            case "meta nfproto", "meta protocol" -> {
                return of(values.stream().anyMatch(v -> v.equals(p.ipv6() ? "ipv6" : "ipv4")
                        || v.equals(p.ipv6() ? "ip6" : "ip")));
            }
            case "meta iifname", "meta iif" -> {
                return of(values.stream().anyMatch(v -> v.endsWith("*")
                        ? p.inInterface().startsWith(v.substring(0, v.length() - 1)) : v.equals(p.inInterface())));
            }
            case "meta pkttype", "fib daddr type" -> {
                String type = p.multicast() ? "multicast" : field.startsWith("fib") ? "local" : "host";
                return of(values.contains(type));
            }
            case "ct state" -> {
                // the datagrams in question start flows: multicast replies and first packets of a session
                return of(values.contains("new"));
            }
            default -> {
                return Tri.UNKNOWN;
            }
        }
    }

    private static Tri of(boolean b) {
        return b ? Tri.TRUE : Tri.FALSE;
    }

    private static boolean portMatches(String value, int port) {
        try {
            int dash = value.indexOf('-');
            if (dash > 0) {
                return port >= Integer.parseInt(value.substring(0, dash))
                        && port <= Integer.parseInt(value.substring(dash + 1));
            }
            return Integer.parseInt(value) == port;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static boolean addressMatches(String value, InetAddress address) {
        try {
            int slash = value.indexOf('/');
            int dash = value.indexOf('-');
            if (dash > 0) {
                BigInteger a = new BigInteger(1, address.getAddress());
                return a.compareTo(new BigInteger(1, InetAddress.getByName(value.substring(0, dash)).getAddress())) >= 0
                        && a.compareTo(new BigInteger(1, InetAddress.getByName(value.substring(dash
                        + 1)).getAddress())) <= 0;
            }
            byte[] net = InetAddress.getByName(slash < 0 ? value : value.substring(0, slash)).getAddress();
            byte[] addr = address.getAddress();
            if (net.length != addr.length) {
                return false;
            }
            int bits = slash < 0 ? addr.length * 8 : Integer.parseInt(value.substring(slash + 1));
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >> (i % 8);
                if ((net[i / 8] & mask) != (addr[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException | NumberFormatException e) {
            return false;
        }
    }
}
