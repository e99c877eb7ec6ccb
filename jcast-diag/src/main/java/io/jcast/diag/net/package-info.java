/**
 * What the diagnostic protocols share on the wire side: the malformed-datagram signal their codecs throw and the
 * per-source rate limit of their responders.
 */
package io.jcast.diag.net;
