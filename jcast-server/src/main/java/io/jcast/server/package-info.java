/** The multicast session manager: sessions, scheduler, store, REST API and web UI. */
package io.jcast.server;
