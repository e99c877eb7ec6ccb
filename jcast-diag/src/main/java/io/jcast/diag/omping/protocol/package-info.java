/** omping 0.0.5 wire format (omping-ssmping.md §3): one type byte, then type/length/value options. Pure codecs. */
package io.jcast.diag.omping.protocol;
