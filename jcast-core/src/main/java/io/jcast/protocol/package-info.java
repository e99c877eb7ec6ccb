/**
 * The UDPcast 20120424 wire protocol (udpcast-protocol.md §4-§6): pure codecs, bytes in, records out.
 * Every integer is big-endian; bitmaps are LSB-first byte arrays.
 */
package io.jcast.protocol;
