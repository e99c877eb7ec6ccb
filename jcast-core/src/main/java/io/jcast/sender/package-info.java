/** The sender's engine: negotiation with receivers, slicing, FEC, acknowledgement rounds, drops, pacing. */
package io.jcast.sender;
