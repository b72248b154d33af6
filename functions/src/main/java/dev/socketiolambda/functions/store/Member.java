package dev.socketiolambda.functions.store;

/** One row of a room's member list: which socket, on which connection. */
public record Member(String connectionId, String sid) {}
