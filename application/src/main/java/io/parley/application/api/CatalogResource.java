package io.parley.application.api;

import io.parley.application.api.CatalogBodies.ProductList;
import io.parley.application.api.CatalogBodies.ProductResponse;
import io.parley.application.api.CatalogBodies.PutProducts;
import io.parley.application.api.CatalogBodies.PutServices;
import io.parley.application.api.CatalogBodies.ServiceList;
import io.parley.application.api.CatalogBodies.ServiceResponse;
import io.parley.application.api.CatalogBodies.SuggestionsResponse;
import io.parley.application.api.CatalogBodies.Upserted;
import io.parley.domain.catalog.CatalogPage;
import io.parley.domain.catalog.CatalogQuery;
import io.parley.domain.catalog.Drafts.ProductDraft;
import io.parley.domain.catalog.Drafts.ServiceDraft;
import io.parley.domain.model.InvalidInputException;
import io.parley.domain.model.ProductId;
import io.parley.domain.model.ServiceId;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.in.BrowseCatalogUseCase;
import io.parley.domain.port.in.ManageCatalogUseCase;
import io.parley.domain.port.in.SuggestCatalogUseCase;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;

/** A tenant's catalog: bulk sync, items by id, listings and searches, suggestions. */
@Path("/v1/tenants/{tenantId}/catalog")
@Tag(name = "catalog")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class CatalogResource {
  private static final int MAX_LIMIT = 100;
  private static final int MAX_SUGGESTIONS = 20;

  private final ManageCatalogUseCase manage;
  private final BrowseCatalogUseCase browse;
  private final SuggestCatalogUseCase suggest;
  private final CursorCodec cursors;

  public CatalogResource(
      ManageCatalogUseCase manage,
      BrowseCatalogUseCase browse,
      SuggestCatalogUseCase suggest,
      CursorCodec cursors) {
    this.manage = manage;
    this.browse = browse;
    this.suggest = suggest;
    this.cursors = cursors;
  }

  @PUT
  @Path("/products")
  @Operation(
      operationId = "putProducts",
      summary = "Sync products",
      description =
          "Creates or updates products by externalSource and externalId, in one transaction.")
  @ApiResponse(
      responseCode = "200",
      description = "What was created and updated",
      content = @Content(schema = @Schema(implementation = Upserted.class)))
  @ApiResponse(
      responseCode = "409",
      description = "Another item took the same external key meanwhile.")
  public Upserted putProducts(@PathParam("tenantId") String tenantId, PutProducts body) {
    List<ProductDraft> drafts =
        drafts(Bodies.required(body).products(), "products", CatalogBodies.ProductBody::draft);
    return Upserted.of(manage.upsertProducts(PathIds.tenant(tenantId), drafts));
  }

  @PUT
  @Path("/services")
  @Operation(
      operationId = "putServices",
      summary = "Sync services",
      description =
          "Creates or updates services by externalSource and externalId, in one transaction.")
  @ApiResponse(
      responseCode = "200",
      description = "What was created and updated",
      content = @Content(schema = @Schema(implementation = Upserted.class)))
  @ApiResponse(
      responseCode = "409",
      description = "Another item took the same external key meanwhile.")
  public Upserted putServices(@PathParam("tenantId") String tenantId, PutServices body) {
    List<ServiceDraft> drafts =
        drafts(Bodies.required(body).services(), "services", CatalogBodies.ServiceBody::draft);
    return Upserted.of(manage.upsertServices(PathIds.tenant(tenantId), drafts));
  }

  @GET
  @Path("/products/{id}")
  @Operation(
      operationId = "getProduct",
      summary = "Read a product",
      description = "A product with its variants.")
  @ApiResponse(
      responseCode = "200",
      description = "The product",
      content = @Content(schema = @Schema(implementation = ProductResponse.class)))
  public ProductResponse product(
      @PathParam("tenantId") String tenantId, @PathParam("id") String id) {
    return ProductResponse.from(
        browse.product(PathIds.tenant(tenantId), new ProductId(PathIds.uuid(id, "product"))));
  }

  @GET
  @Path("/services/{id}")
  @Operation(
      operationId = "getService",
      summary = "Read a service",
      description = "A service with its variants.")
  @ApiResponse(
      responseCode = "200",
      description = "The service",
      content = @Content(schema = @Schema(implementation = ServiceResponse.class)))
  public ServiceResponse service(
      @PathParam("tenantId") String tenantId, @PathParam("id") String id) {
    return ServiceResponse.from(
        browse.service(PathIds.tenant(tenantId), new ServiceId(PathIds.uuid(id, "service"))));
  }

  @DELETE
  @Path("/products/{id}")
  @Operation(
      operationId = "deleteProduct",
      summary = "Delete a product",
      description = "Removes the product and its variants.")
  @ApiResponse(responseCode = "204", description = "Deleted")
  public Response deleteProduct(
      @PathParam("tenantId") String tenantId, @PathParam("id") String id) {
    manage.deleteProduct(PathIds.tenant(tenantId), new ProductId(PathIds.uuid(id, "product")));
    return Response.noContent().build();
  }

  @DELETE
  @Path("/services/{id}")
  @Operation(
      operationId = "deleteService",
      summary = "Delete a service",
      description = "Removes the service and its variants.")
  @ApiResponse(responseCode = "204", description = "Deleted")
  public Response deleteService(
      @PathParam("tenantId") String tenantId, @PathParam("id") String id) {
    manage.deleteService(PathIds.tenant(tenantId), new ServiceId(PathIds.uuid(id, "service")));
    return Response.noContent().build();
  }

  @GET
  @Path("/products")
  @Operation(
      operationId = "searchProducts",
      summary = "List or search products",
      description =
          "Without a query, newest first; with one, by relevance (typos and Swahili included). Cursor-paged.")
  @ApiResponse(
      responseCode = "200",
      description = "A page of products",
      content = @Content(schema = @Schema(implementation = ProductList.class)))
  public ProductList products(
      @PathParam("tenantId") String tenantId,
      @Parameter(
              description = "Search text; absent lists newest first",
              schema = @Schema(type = "string"))
          @QueryParam("query")
          String text,
      @Parameter(
              description = "Only items in stock",
              schema = @Schema(type = "boolean", defaultValue = "false"))
          @QueryParam("inStock")
          String inStock,
      @Parameter(
              description = "Items per page",
              schema =
                  @Schema(type = "integer", minimum = "1", maximum = "100", defaultValue = "20"))
          @QueryParam("limit")
          String limit,
      @Parameter(
              description = "The next cursor of the previous page",
              schema = @Schema(type = "string"))
          @QueryParam("cursor")
          String cursor) {
    TenantId tenant = PathIds.tenant(tenantId);
    CatalogQuery query = query(tenant, "products", text, inStock, limit, cursor);
    CatalogPage<io.parley.domain.catalog.Product> page = browse.products(tenant, query);
    return new ProductList(
        page.items().stream().map(ProductResponse::from).toList(),
        next(tenant, "products", query, page));
  }

  @GET
  @Path("/services")
  @Operation(
      operationId = "searchServices",
      summary = "List or search services",
      description =
          "Without a query, newest first; with one, by relevance (typos and Swahili included). Cursor-paged.")
  @ApiResponse(
      responseCode = "200",
      description = "A page of services",
      content = @Content(schema = @Schema(implementation = ServiceList.class)))
  public ServiceList services(
      @PathParam("tenantId") String tenantId,
      @Parameter(
              description = "Search text; absent lists newest first",
              schema = @Schema(type = "string"))
          @QueryParam("query")
          String text,
      @Parameter(
              description = "Only items in stock",
              schema = @Schema(type = "boolean", defaultValue = "false"))
          @QueryParam("inStock")
          String inStock,
      @Parameter(
              description = "Items per page",
              schema =
                  @Schema(type = "integer", minimum = "1", maximum = "100", defaultValue = "20"))
          @QueryParam("limit")
          String limit,
      @Parameter(
              description = "The next cursor of the previous page",
              schema = @Schema(type = "string"))
          @QueryParam("cursor")
          String cursor) {
    TenantId tenant = PathIds.tenant(tenantId);
    CatalogQuery query = query(tenant, "services", text, inStock, limit, cursor);
    CatalogPage<io.parley.domain.catalog.ShopService> page = browse.services(tenant, query);
    return new ServiceList(
        page.items().stream().map(ServiceResponse::from).toList(),
        next(tenant, "services", query, page));
  }

  @GET
  @Path("/suggestions")
  @Operation(
      operationId = "suggestCatalog",
      summary = "Suggest catalog items",
      description =
          "Products and services for a customer message, in stock first; without a query, the opening suggestions.")
  @ApiResponse(
      responseCode = "200",
      description = "The suggestions",
      content = @Content(schema = @Schema(implementation = SuggestionsResponse.class)))
  public SuggestionsResponse suggestions(
      @PathParam("tenantId") String tenantId,
      @Parameter(
              description = "The customer's message; absent gives the opening suggestions",
              schema = @Schema(type = "string"))
          @QueryParam("query")
          String text,
      @Parameter(
              description = "Suggestions at most",
              schema = @Schema(type = "integer", minimum = "1", maximum = "20", defaultValue = "5"))
          @QueryParam("limit")
          String limit) {
    int count = QueryParams.intIn("limit", limit, 1, MAX_SUGGESTIONS, 5);
    return SuggestionsResponse.from(suggest.suggest(PathIds.tenant(tenantId), text, count));
  }

  /**
   * A listing's query from its parameters, taken as method parameters rather than a {@code
   * BeanParam} (see {@link MessageResource.HistoryParams}).
   */
  private CatalogQuery query(
      TenantId tenant, String kind, String text, String inStock, String limit, String cursor) {
    CatalogQuery query =
        new CatalogQuery(
            text,
            QueryParams.bool("inStock", inStock, false),
            QueryParams.intIn("limit", limit, 1, MAX_LIMIT, 20),
            null);
    if (cursor == null) {
      return query;
    }
    List<String> f = cursors.decode("cursor", cursor, scope(tenant, kind, query), 3);
    try {
      long micros = Long.parseLong(f.get(1));
      Instant created =
          Instant.ofEpochSecond(
              Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
      return new CatalogQuery(
          text,
          query.inStockOnly(),
          query.limit(),
          new CatalogQuery.Position(
              Double.parseDouble(f.get(0)), created, UUID.fromString(f.get(2))));
    } catch (IllegalArgumentException e) {
      throw io.parley.application.http.Errors.badRequest(
          "cursor is not a valid cursor for this list");
    }
  }

  private String next(TenantId tenant, String kind, CatalogQuery query, CatalogPage<?> page) {
    CatalogQuery.Position next = page.next();
    if (next == null) {
      return null;
    }
    long micros =
        next.createdAt().getEpochSecond() * 1_000_000L + next.createdAt().getNano() / 1_000;
    return cursors.encode(
        scope(tenant, kind, query),
        List.of(Double.toString(next.score()), Long.toString(micros), next.id().toString()));
  }

  /** A cursor belongs to one listing: tenant, kind, text and stock filter. */
  private static String scope(TenantId tenant, String kind, CatalogQuery query) {
    return "catalog|"
        + tenant
        + "|"
        + kind
        + "|"
        + query.normalizedText()
        + "|"
        + query.inStockOnly();
  }

  /** Each given item as a draft, its position named in any error ("products[3].price"). */
  private static <B, D> List<D> drafts(
      List<B> given, String field, BiFunction<B, String, D> draft) {
    List<D> drafts = new ArrayList<>();
    for (int i = 0; given != null && i < given.size(); i++) {
      String at = field + "[" + i + "]";
      if (given.get(i) == null) {
        throw new InvalidInputException(at, "must be a JSON object");
      }
      drafts.add(draft.apply(given.get(i), at));
    }
    return drafts;
  }
}
