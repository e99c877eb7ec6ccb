/**
 * ssmping, asmping, ssmpingd and mcfirst, wire- and output-compatible with Debian's ssmping 0.9.1:
 * {@link io.jcast.diag.ssmping.SsmpingClient} and {@link io.jcast.diag.ssmping.SsmpingServer} are the
 * embeddable entry points (the doctor uses them), {@link io.jcast.diag.ssmping.SsmpingPrinter} writes
 * the original tools' lines.
 */
package io.jcast.diag.ssmping;
