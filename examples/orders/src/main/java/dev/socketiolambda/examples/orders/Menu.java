package dev.socketiolambda.examples.orders;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The products orders may name (the seed's {@code items: [{product, quantity}]} refer to product ids
 * of its catalogue, which is outside the socket guide): a fixed demo menu with prices, so totals are
 * computed by the server and never taken from the client.
 */
public final class Menu {
  /** A product: its id, name and unit price. */
  public record Product(String id, String name, BigDecimal price) {}

  private static final Map<String, Product> PRODUCTS = products();

  private Menu() {}

  private static Map<String, Product> products() {
    Map<String, Product> m = new LinkedHashMap<>();
    add(m, "margherita", "Pizza Margherita", "8.50");
    add(m, "pepperoni", "Pizza Pepperoni", "9.90");
    add(m, "veggie", "Veggie Pizza", "9.20");
    add(m, "garlic-bread", "Garlic Bread", "3.50");
    add(m, "salad", "Caesar Salad", "6.00");
    add(m, "cola", "Cola 0.5 l", "2.20");
    add(m, "tiramisu", "Tiramisu", "4.80");
    return java.util.Collections.unmodifiableMap(m);
  }

  private static void add(Map<String, Product> m, String id, String name, String price) {
    m.put(id, new Product(id, name, new BigDecimal(price)));
  }

  public static Optional<Product> product(String id) {
    return Optional.ofNullable(PRODUCTS.get(id));
  }

  public static Map<String, Product> all() {
    return PRODUCTS;
  }
}
