/**
 * {@code jcast doctor}: local multicast checks (interface, route, rp_filter, MTU, firewall, IGMP, bridges),
 * unicast-versus-multicast probes against ssmpingd peers, and a verdict in plain words with the fix.
 * Local checks read {@code /proc}, {@code /sys} and a few commands through {@link io.jcast.diag.doctor.LocalSystem},
 * so tests feed them fake trees.
 */
package io.jcast.diag.doctor;
