package io.parley.adapters.catalog;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.type.TypeFactory;
import io.parley.domain.catalog.CatalogKind;
import io.parley.domain.catalog.CatalogPage;
import io.parley.domain.catalog.CatalogQuery;
import io.parley.domain.catalog.SuggestionCandidates;
import java.util.UUID;

/**
 * A catalog read as the tiers see it: what it is called in a cache key (operation and normalized
 * parameters, never hashed by the caller) and the type its value decodes to.
 */
public sealed interface CatalogRead<T> {
  String operation();

  /** Everything the result depends on, normalized: equal reads give equal strings. */
  String parameters();

  JavaType valueType(TypeFactory types);

  /** One item by id; the value is null when the tenant has no such item. */
  record Item<T>(CatalogKind<T, ?> kind, UUID id) implements CatalogRead<T> {
    @Override
    public String operation() {
      return kind.name();
    }

    @Override
    public String parameters() {
      return id.toString();
    }

    @Override
    public JavaType valueType(TypeFactory types) {
      return types.constructType(kind.type());
    }
  }

  /** A listing or search of one kind. */
  record Listing<T>(CatalogKind<T, ?> kind, CatalogQuery query)
      implements CatalogRead<CatalogPage<T>> {
    @Override
    public String operation() {
      return kind.plural();
    }

    @Override
    public String parameters() {
      CatalogQuery.Position after = query.after();
      return String.join(
          "\u0000",
          query.normalizedText(),
          Boolean.toString(query.inStockOnly()),
          Integer.toString(query.limit()),
          after == null ? "-" : after.score() + "/" + after.createdAt() + "/" + after.id());
    }

    @Override
    public JavaType valueType(TypeFactory types) {
      return types.constructParametricType(CatalogPage.class, kind.type());
    }
  }

  /** What suggestions for a text are chosen from. */
  record Candidates(String text, int limit) implements CatalogRead<SuggestionCandidates> {
    @Override
    public String operation() {
      return "suggestions";
    }

    @Override
    public String parameters() {
      return new CatalogQuery(text, false, limit, null).normalizedText() + "\u0000" + limit;
    }

    @Override
    public JavaType valueType(TypeFactory types) {
      return types.constructType(SuggestionCandidates.class);
    }
  }
}
