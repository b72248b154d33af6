/** Vendor support desk of seed 000: support queries per vendor, a room per query, messages, new-query and read notifications. */
package dev.socketiolambda.examples.support;
