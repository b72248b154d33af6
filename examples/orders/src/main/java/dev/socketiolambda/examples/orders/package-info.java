/** Food ordering and delivery of seed 001: orders, live delivery tracking, payments, offers, with customer, admin and delivery roles. */
package dev.socketiolambda.examples.orders;
