/** The receiver's engine: locating the sender, assembling slices, FEC repair, answering REQACK rounds. */
package io.jcast.receiver;
