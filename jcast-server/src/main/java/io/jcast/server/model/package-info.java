/**
 * The manager's records: sessions, their receivers and files, transitions and log lines, as the store keeps them and
 * the services and the web layer hand them around. Below both, so that neither depends on the other for them.
 */
package io.jcast.server.model;
