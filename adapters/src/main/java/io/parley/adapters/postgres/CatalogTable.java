package io.parley.adapters.postgres;

import io.parley.adapters.json.CatalogCodec;
import io.parley.domain.catalog.CatalogKind;
import io.parley.domain.catalog.Drafts.ItemDraft;
import io.parley.domain.catalog.Drafts.ProductDraft;
import io.parley.domain.catalog.Drafts.ServiceDraft;
import io.parley.domain.catalog.Product;
import io.parley.domain.catalog.ShopService;
import java.math.BigDecimal;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How one kind of catalog item is stored: its table and variant table, and per column the field of
 * the domain record it holds and how a draft fills it. The upsert, the variant insert and the item
 * JSON (in {@link CatalogCodec}'s shape) are all derived from these lists, so a new field is one
 * line here.
 */
record CatalogTable<D extends ItemDraft, V>(
    CatalogKind<?, ?> kind,
    String table,
    boolean hasStock,
    List<Column<D>> columns,
    String variantTable,
    String variantOwner,
    List<Column<V>> variantColumns,
    Function<D, List<V>> variants) {

  /** How a stored value appears in the record: as it is, or a jsonb column read as JSON text. */
  enum Shape {
    PLAIN,
    JSON_TEXT
  }

  /** A column, the record field it becomes, its Java type for binding, and its value in a draft. */
  record Column<T>(
      String name, String field, Class<?> type, Shape shape, boolean jsonb, Function<T, ?> value) {
    static <T> Column<T> of(String name, String field, Class<?> type, Function<T, ?> value) {
      return new Column<>(name, field, type, Shape.PLAIN, false, value);
    }

    /** A jsonb column whose record field is its JSON text. */
    static <T> Column<T> jsonText(String name, String field, Function<T, String> value) {
      return new Column<>(name, field, String.class, Shape.JSON_TEXT, true, value);
    }

    /** A jsonb column whose record field is the JSON itself (a list, say). */
    static <T> Column<T> json(String name, String field, Function<T, String> value) {
      return new Column<>(name, field, String.class, Shape.PLAIN, true, value);
    }

    String parameter() {
      return jsonb ? "CAST(:" + field + " AS jsonb)" : ":" + field;
    }

    String jsonPair(String alias) {
      String value = alias + "." + name + (shape == Shape.JSON_TEXT ? "::text" : "");
      return "'" + field + "', " + value;
    }
  }

  /**
   * The columns every kind has (identity and words, as {@link ItemDraft} has them), then its own.
   */
  @SafeVarargs
  private static <D extends ItemDraft> List<Column<D>> withItemColumns(Column<D>... own) {
    List<Column<D>> columns = new java.util.ArrayList<>();
    columns.add(
        Column.of("external_source", "externalSource", String.class, ItemDraft::externalSource));
    columns.add(Column.of("external_id", "externalId", String.class, ItemDraft::externalId));
    columns.add(Column.of("title", "title", String.class, ItemDraft::title));
    columns.add(Column.of("description", "description", String.class, ItemDraft::description));
    columns.addAll(List.of(own));
    columns.add(Column.jsonText("attributes", "attributesJson", ItemDraft::attributesJson));
    return List.copyOf(columns);
  }

  static final CatalogTable<ProductDraft, Product.Variant> PRODUCTS =
      new CatalogTable<>(
          CatalogKind.PRODUCTS,
          "products",
          true,
          withItemColumns(
              Column.of("price", "price", BigDecimal.class, ProductDraft::price),
              Column.of("currency", "currency", String.class, ProductDraft::currency),
              Column.of("sku", "sku", String.class, ProductDraft::sku),
              Column.of("stock", "stock", Integer.class, ProductDraft::stock),
              Column.of("active", "active", Boolean.class, ProductDraft::active),
              Column.json("images", "images", d -> CatalogCodec.write(d.images()))),
          "product_variants",
          "product_id",
          List.of(
              Column.of("title", "title", String.class, Product.Variant::title),
              Column.of("sku", "sku", String.class, Product.Variant::sku),
              Column.of("price", "price", BigDecimal.class, Product.Variant::price),
              Column.of("stock", "stock", Integer.class, Product.Variant::stock),
              Column.jsonText("attributes", "attributesJson", Product.Variant::attributesJson)),
          ProductDraft::variants);

  static final CatalogTable<ServiceDraft, ShopService.Variant> SERVICES =
      new CatalogTable<>(
          CatalogKind.SERVICES,
          "services",
          false,
          withItemColumns(
              Column.of("base_price", "basePrice", BigDecimal.class, ServiceDraft::basePrice),
              Column.of("currency", "currency", String.class, ServiceDraft::currency),
              Column.of("requires_slot", "requiresSlot", Boolean.class, ServiceDraft::requiresSlot),
              Column.of("active", "active", Boolean.class, ServiceDraft::active)),
          "service_variants",
          "service_id",
          List.of(
              Column.of("title", "title", String.class, ShopService.Variant::title),
              Column.of(
                  "duration_minutes",
                  "durationMinutes",
                  Integer.class,
                  ShopService.Variant::durationMinutes),
              Column.of("price", "price", BigDecimal.class, ShopService.Variant::price)),
          ServiceDraft::variants);

  static CatalogTable<?, ?> of(CatalogKind<?, ?> kind) {
    return kind.equals(CatalogKind.PRODUCTS) ? PRODUCTS : SERVICES;
  }

  /** The item, with its variants, as JSON of the domain record, from row alias {@code p}. */
  String itemJson() {
    return """
        json_build_object('id', p.id, %s,
          'variants', COALESCE((SELECT json_agg(json_build_object(%s) ORDER BY v.position)
            FROM %s v WHERE v.tenant_id = p.tenant_id AND v.%s = p.id), '[]'),
          'createdAt', p.created_at, 'updatedAt', p.updated_at)"""
        .formatted(pairs(columns, "p"), pairs(variantColumns, "v"), variantTable, variantOwner);
  }

  /** Insert or update by (tenant_id, id); created_at is kept on update. */
  String upsertSql() {
    String names = columns.stream().map(Column::name).collect(Collectors.joining(", "));
    String values = columns.stream().map(Column::parameter).collect(Collectors.joining(", "));
    String updates =
        columns.stream()
            .map(c -> c.name() + " = EXCLUDED." + c.name())
            .collect(Collectors.joining(", "));
    return """
        INSERT INTO %s (tenant_id, id, %s, created_at, updated_at)
        VALUES (:tenant, :id, %s, :now, :now)
        ON CONFLICT (tenant_id, id) DO UPDATE SET %s, updated_at = EXCLUDED.updated_at"""
        .formatted(table, names, values, updates);
  }

  String variantInsertSql() {
    String names = variantColumns.stream().map(Column::name).collect(Collectors.joining(", "));
    String values =
        variantColumns.stream().map(Column::parameter).collect(Collectors.joining(", "));
    return "INSERT INTO %s (tenant_id, %s, position, %s) VALUES (:tenant, :owner, :position, %s)"
        .formatted(variantTable, variantOwner, names, values);
  }

  private static String pairs(List<? extends Column<?>> columns, String alias) {
    return columns.stream().map(c -> c.jsonPair(alias)).collect(Collectors.joining(", "));
  }
}
