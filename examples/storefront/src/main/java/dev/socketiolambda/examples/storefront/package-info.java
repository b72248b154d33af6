/** Marketplace storefront real time of seed 004: orders, cart, products, wholesale, quotations, analytics, notifications and stock alerts. */
package dev.socketiolambda.examples.storefront;
