package io.parley.adapters.demo;

import io.parley.domain.catalog.Drafts.ProductDraft;
import io.parley.domain.catalog.Drafts.ServiceDraft;
import io.parley.domain.catalog.Product;
import io.parley.domain.catalog.ShopService;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Realistic, deterministic catalogs for tests, demos and benchmarks: shoes, phones, groceries and
 * salon services, in English and Swahili, priced in KES. The same seed gives the same items.
 */
public final class CatalogGenerator {
  private static final String[] SHOE_BRANDS = {
    "Nike", "Adidas", "Puma", "Bata", "Vans", "Converse", "Reebok", "New Balance"
  };
  private static final String[] SHOE_KINDS = {
    "Sneakers", "Running Shoes", "Sandals", "Boots", "Loafers", "Air Max", "Air Force 1", "Slides"
  };
  private static final String[] COLOURS = {
    "Red", "Black", "White", "Blue", "Brown", "Green", "Grey", "Pink"
  };
  private static final String[] SWAHILI_COLOURS = {
    "nyekundu", "nyeusi", "nyeupe", "bluu", "kahawia", "kijani", "kijivu", "pinki"
  };
  private static final String[] PHONES = {
    "Samsung Galaxy A14",
    "Samsung Galaxy A54",
    "Tecno Spark 10",
    "Infinix Hot 30",
    "iPhone 13",
    "iPhone 14 Pro",
    "Nokia G21",
    "Oppo A78",
    "Xiaomi Redmi Note 12",
    "Itel A70"
  };
  private static final String[] PHONE_EXTRAS = {"64GB", "128GB", "256GB", "Dual SIM", "4G", "5G"};
  private static final String[] GROCERIES = {
    "Unga wa Ugali",
    "Sukari",
    "Mchele Pishori",
    "Mafuta ya Kupikia",
    "Maziwa Fresh",
    "Chai Majani",
    "Kahawa",
    "Mkate",
    "Mayai Tray",
    "Sabuni ya Kufulia",
    "Maharagwe",
    "Ndengu"
  };
  private static final String[] GROCERY_SIZES = {
    "1kg", "2kg", "5kg", "500ml", "1L", "3L", "30 pcs", "400g"
  };
  private static final String[] SALON = {
    "Kusuka nywele (box braids)",
    "Knotless braids",
    "Cornrows",
    "Kuosha na kuweka dawa",
    "Manicure",
    "Pedicure",
    "Kunyoa ndevu (beard trim)",
    "Haircut",
    "Dreadlocks retouch",
    "Make-up"
  };

  private CatalogGenerator() {}

  /** {@code count} products of a mixed shop; item {@code i} has external id "gen-{i}". */
  public static List<ProductDraft> products(long seed, int count) {
    Random random = new Random(seed);
    List<ProductDraft> products = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      products.add(product(random, i));
    }
    return products;
  }

  private static ProductDraft product(Random random, int i) {
    int kind = random.nextInt(10);
    int colour = random.nextInt(COLOURS.length);
    String title;
    String description;
    BigDecimal price;
    String attributes;
    List<Product.Variant> variants = new ArrayList<>();
    if (kind < 5) {
      title = pick(random, SHOE_BRANDS) + " " + pick(random, SHOE_KINDS) + " " + COLOURS[colour];
      description = "Viatu vya " + SWAHILI_COLOURS[colour] + ", comfortable for daily wear";
      price = price(random, 1_500, 18_000);
      attributes = "{\"colour\":\"" + COLOURS[colour].toLowerCase() + "\",\"category\":\"shoes\"}";
      for (int size = 38 + random.nextInt(3), n = 0; n < 3; size++, n++) {
        variants.add(
            new Product.Variant(
                "Size " + size, null, null, random.nextInt(6), "{\"size\":\"" + size + "\"}"));
      }
    } else if (kind < 8) {
      title = pick(random, PHONES) + " " + pick(random, PHONE_EXTRAS);
      description = "Simu mpya, warranty ya mwaka mmoja";
      price = price(random, 9_000, 160_000);
      attributes = "{\"category\":\"phones\"}";
    } else {
      title = pick(random, GROCERIES) + " " + pick(random, GROCERY_SIZES);
      description = "Bidhaa ya nyumbani, fresh kila siku";
      price = price(random, 60, 1_800);
      attributes = "{\"category\":\"groceries\"}";
    }
    Integer stock =
        random.nextInt(10) == 0
            ? Integer.valueOf(0)
            : random.nextInt(4) == 0 ? null : Integer.valueOf(1 + random.nextInt(40));
    return new ProductDraft(
        null,
        "generator",
        "gen-" + i,
        title,
        description,
        price,
        "KES",
        "SKU-" + (100_000 + i),
        stock,
        random.nextInt(50) != 0,
        List.of("https://img.example/p/" + i + ".jpg"),
        attributes,
        variants);
  }

  /** {@code count} salon services with one to three variants each. */
  public static List<ServiceDraft> services(long seed, int count) {
    Random random = new Random(seed);
    List<ServiceDraft> services = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String title =
          SALON[i % SALON.length] + (i < SALON.length ? "" : " " + (i / SALON.length + 1));
      BigDecimal base = price(random, 300, 6_000);
      List<ShopService.Variant> variants = new ArrayList<>();
      for (int v = 0; v <= random.nextInt(3); v++) {
        variants.add(
            new ShopService.Variant(
                v == 0 ? "Standard" : v == 1 ? "Long" : "Premium",
                30 + 30 * v + random.nextInt(4) * 15,
                base.add(BigDecimal.valueOf(500L * v))));
      }
      services.add(
          new ServiceDraft(
              null,
              "generator",
              "svc-" + i,
              title,
              "Huduma ya saluni",
              base,
              "KES",
              true,
              true,
              "{\"category\":\"salon\"}",
              variants));
    }
    return services;
  }

  private static String pick(Random random, String[] values) {
    return values[random.nextInt(values.length)];
  }

  private static BigDecimal price(Random random, int min, int max) {
    return BigDecimal.valueOf(min + random.nextInt(max - min) / 50 * 50L).setScale(2);
  }
}
