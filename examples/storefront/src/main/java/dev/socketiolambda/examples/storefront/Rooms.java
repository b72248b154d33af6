package dev.socketiolambda.examples.storefront;

/**
 * The seed's room strategy (null in, null out: an item without the id reaches nobody):
 * {@code user:{id}}, {@code seller:{id}} (seller dashboard), {@code storefront:{sellerId}} (its
 * visitors), {@code product:{id}} (viewers), the global {@code sellers} and {@code buyers}; and ours:
 * {@code cart:{productId}} (users with the product in their cart, joined from the cart table, no scan)
 * and {@code restock:{productId}} (users who viewed it while it was out of stock).
 */
public final class Rooms {
  public static final String SELLERS = "sellers";
  public static final String BUYERS = "buyers";

  private Rooms() {}

  public static String user(String id) {
    return id == null ? null : "user:" + id;
  }

  public static String seller(String id) {
    return id == null ? null : "seller:" + id;
  }

  public static String storefront(String sellerId) {
    return sellerId == null ? null : "storefront:" + sellerId;
  }

  public static String product(String id) {
    return id == null ? null : "product:" + id;
  }

  public static String cart(String productId) {
    return productId == null ? null : "cart:" + productId;
  }

  public static String restock(String productId) {
    return productId == null ? null : "restock:" + productId;
  }
}
