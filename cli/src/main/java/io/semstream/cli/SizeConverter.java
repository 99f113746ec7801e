package io.semstream.cli;

import io.semstream.ingest.FrameSize;
import picocli.CommandLine;

final class SizeConverter implements CommandLine.ITypeConverter<FrameSize> {
  @Override
  public FrameSize convert(String value) {
    try {
      return FrameSize.parse(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
