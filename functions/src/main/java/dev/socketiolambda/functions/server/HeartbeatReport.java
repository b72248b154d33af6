package dev.socketiolambda.functions.server;

/** What one heartbeat tick did. */
public record HeartbeatReport(int pinged, int timedOut, int connectTimeouts, int acksExpired, int gone, int failed) {}
