package dev.apexbench.cli;

import dev.apexbench.harness.run.Profile;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** --profile: smoke, quick or full; anything else is a one-line usage error. */
final class ProfileConverter implements ITypeConverter<Profile> {
  @Override
  public Profile convert(String value) {
    return Profile.find(value)
        .orElseThrow(() -> new TypeConversionException("'" + value + "' is not allowed (allowed: " + Profile.labels() + ")"));
  }
}
