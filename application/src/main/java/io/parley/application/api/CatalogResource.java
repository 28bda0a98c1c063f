package io.parley.application.api;

import io.parley.application.api.CatalogBodies.ItemBody;
import io.parley.application.api.CatalogBodies.KindBodies;
import io.parley.application.api.CatalogBodies.PutItems;
import io.parley.application.api.CatalogBodies.SuggestionsResponse;
import io.parley.application.api.CatalogBodies.Upserted;
import io.parley.domain.catalog.CatalogKind;
import io.parley.domain.catalog.CatalogPage;
import io.parley.domain.catalog.CatalogQuery;
import io.parley.domain.catalog.Drafts.ItemDraft;
import io.parley.domain.model.InvalidInputException;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.in.BrowseCatalogUseCase;
import io.parley.domain.port.in.ManageCatalogUseCase;
import io.parley.domain.port.in.SuggestCatalogUseCase;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.glassfish.jersey.server.ContainerRequest;

/** A tenant's catalog: bulk sync, items by id, listings and searches, suggestions. */
@Path("/v1/tenants/{tenantId}/catalog")
@Tag(name = "catalog")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class CatalogResource {
  /**
   * The kind of item a path is about: {@code products} or {@code services}, the plurals of {@link
   * CatalogKind#all()}. The OpenAPI document describes each kind's paths apart, with the kind's
   * names in place of the {@code ${kind}} (product), {@code ${kinds}} (products), {@code ${Kind}}
   * and {@code ${Kinds}} placeholders of the annotations below.
   */
  static final String KIND = "/{kind: products|services}";

  private static final int MAX_LIMIT = 100;
  private static final int DEFAULT_LIMIT = 20;
  private static final int MAX_SUGGESTIONS = 20;
  private static final int DEFAULT_SUGGESTIONS = 5;

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
  @Path(KIND)
  @Operation(
      operationId = "put${Kinds}",
      summary = "Sync ${kinds}",
      description =
          "Creates or updates ${kinds} by externalSource and externalId, in one transaction.")
  @RequestBody(content = @Content(schema = @Schema(ref = "Put${Kinds}")))
  @ApiResponse(
      responseCode = "200",
      description = "What was created and updated",
      content = @Content(schema = @Schema(implementation = Upserted.class)))
  @ApiResponse(
      responseCode = "409",
      description = "Another item took the same external key meanwhile.")
  public Upserted put(
      @PathParam("tenantId") String tenantId,
      @PathParam("kind") String kind,
      @Context ContainerRequest request) {
    return put(tenantId, KindBodies.of(kind), request);
  }

  /**
   * Reads the body as the kind's own record (the kind is known only from the path), before the
   * path's ids, as Jersey reads a declared body parameter.
   */
  private <D extends ItemDraft> Upserted put(
      String tenantId, KindBodies<?, D, ?> kind, ContainerRequest request) {
    PutItems<D> body = Bodies.required(request.readEntity(kind.body()));
    TenantId tenant = PathIds.tenant(tenantId);
    List<D> drafts = new ArrayList<>();
    List<? extends ItemBody<D>> given = body.items();
    for (int i = 0; given != null && i < given.size(); i++) {
      String at = kind.kind().plural() + "[" + i + "]";
      if (given.get(i) == null) {
        throw new InvalidInputException(at, "must be a JSON object");
      }
      drafts.add(given.get(i).draft(at));
    }
    return Upserted.of(manage.upsert(tenant, kind.kind(), drafts));
  }

  @GET
  @Path(KIND + "/{id}")
  @Operation(
      operationId = "get${Kind}",
      summary = "Read a ${kind}",
      description = "A ${kind} with its variants.")
  @ApiResponse(
      responseCode = "200",
      description = "The ${kind}",
      content = @Content(schema = @Schema(ref = "${Kind}Response")))
  public Object item(
      @PathParam("tenantId") String tenantId,
      @PathParam("kind") String kind,
      @PathParam("id") String id) {
    return item(PathIds.tenant(tenantId), KindBodies.of(kind), id);
  }

  private <T> Object item(TenantId tenant, KindBodies<T, ?, ?> kind, String id) {
    CatalogKind<T, ?> k = kind.kind();
    return kind.shown().apply(browse.item(tenant, k, PathIds.uuid(id, k.name())));
  }

  @DELETE
  @Path(KIND + "/{id}")
  @Operation(
      operationId = "delete${Kind}",
      summary = "Delete a ${kind}",
      description = "Removes the ${kind} and its variants.")
  @ApiResponse(responseCode = "204", description = "Deleted")
  public Response delete(
      @PathParam("tenantId") String tenantId,
      @PathParam("kind") String kind,
      @PathParam("id") String id) {
    CatalogKind<?, ?> k = KindBodies.of(kind).kind();
    manage.delete(PathIds.tenant(tenantId), k, PathIds.uuid(id, k.name()));
    return Response.noContent().build();
  }

  @GET
  @Path(KIND)
  @Operation(
      operationId = "search${Kinds}",
      summary = "List or search ${kinds}",
      description =
          "Without a query, newest first; with one, by relevance (typos and Swahili included). Cursor-paged.")
  @ApiResponse(
      responseCode = "200",
      description = "A page of ${kinds}",
      content = @Content(schema = @Schema(ref = "${Kind}List")))
  public Object list(
      @PathParam("tenantId") String tenantId,
      @PathParam("kind") String kind,
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
                  @Schema(
                      type = "integer",
                      minimum = "1",
                      maximum = "" + MAX_LIMIT,
                      defaultValue = "" + DEFAULT_LIMIT))
          @QueryParam("limit")
          String limit,
      @Parameter(
              description = "The next cursor of the previous page",
              schema = @Schema(type = "string"))
          @QueryParam("cursor")
          String cursor) {
    TenantId tenant = PathIds.tenant(tenantId);
    KindBodies<?, ?, ?> bodies = KindBodies.of(kind);
    CatalogQuery query = query(tenant, kind, text, inStock, limit, cursor);
    return list(tenant, bodies, query);
  }

  private <T> Object list(TenantId tenant, KindBodies<T, ?, ?> kind, CatalogQuery query) {
    CatalogPage<T> page = browse.list(tenant, kind.kind(), query);
    return kind.page(page, next(tenant, kind.kind().plural(), query, page));
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
              schema =
                  @Schema(
                      type = "integer",
                      minimum = "1",
                      maximum = "" + MAX_SUGGESTIONS,
                      defaultValue = "" + DEFAULT_SUGGESTIONS))
          @QueryParam("limit")
          String limit) {
    int count = QueryParams.intIn("limit", limit, 1, MAX_SUGGESTIONS, DEFAULT_SUGGESTIONS);
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
            QueryParams.intIn("limit", limit, 1, MAX_LIMIT, DEFAULT_LIMIT),
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
}
