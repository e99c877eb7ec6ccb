/**
 * The embeddable API: configure a {@link io.jcast.transfer.Sender} or {@link io.jcast.transfer.Receiver},
 * run it, read its result.
 */
package io.jcast.transfer;
