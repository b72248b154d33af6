/** Service queue management of seed 003: tickets, service queues, counters and a live staff dashboard. */
package dev.socketiolambda.examples.queue;
