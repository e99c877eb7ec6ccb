/**
 * omping 0.0.5 compatible multicast ping (omping-ssmping.md §2-§5): {@link io.jcast.diag.omping.OmpingEngine} is the
 * socket-free state machine, {@link io.jcast.diag.omping.OmpingSession} runs it on real sockets and is the API the
 * doctor embeds, {@link io.jcast.diag.omping.OmpingReport} prints omping's exact console output.
 */
package io.jcast.diag.omping;
