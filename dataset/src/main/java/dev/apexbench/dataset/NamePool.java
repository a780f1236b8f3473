package dev.apexbench.dataset;

import java.util.Locale;
import java.util.Random;
import net.datafaker.Faker;

/**
 * Names and text drawn once from a seeded Datafaker, then picked per row by the chunk's own
 * random stream. Drawing pools up front keeps Datafaker (slow per call) off the per-row path and
 * keeps every chunk independent of the others.
 */
final class NamePool {
  final String[] companies;
  final String[] cities;
  final String[] actors;

  NamePool(long seed) {
    Faker faker = new Faker(Locale.US, new Random(seed));
    companies = new String[512];
    for (int i = 0; i < companies.length; i++) {
      companies[i] = faker.company().name();
    }
    cities = new String[256];
    for (int i = 0; i < cities.length; i++) {
      cities[i] = faker.address().city();
    }
    actors = new String[256];
    for (int i = 0; i < actors.length; i++) {
      actors[i] = faker.internet().emailAddress();
    }
  }
}
