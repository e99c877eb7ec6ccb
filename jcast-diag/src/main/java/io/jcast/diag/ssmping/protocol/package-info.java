/** The ssmping 0.9.1 wire format: a type byte ({@code Q} request, {@code A} reply) followed by TLV options. */
package io.jcast.diag.ssmping.protocol;
