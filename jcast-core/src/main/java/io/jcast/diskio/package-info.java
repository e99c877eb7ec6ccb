/** Reading the input and writing the output off the network thread, and udpcast's --pipe filters. */
package io.jcast.diskio;
