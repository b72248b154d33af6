package dev.socketiolambda.functions.delivery;

/** The outcomes of delivering the same frames to many connections. */
public record Tally(int recipients, int delivered, int failed, int gone) {}
