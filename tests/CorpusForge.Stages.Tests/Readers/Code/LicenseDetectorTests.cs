using CorpusForge.Stages.Readers.Code;
using CorpusForge.Stages.Tests.Support;

namespace CorpusForge.Stages.Tests.Readers.Code;

public class LicenseDetectorTests
{
    [Theory]
    [InlineData("Permission is hereby granted, free of charge, to any person obtaining\na copy of this software", "MIT")]
    [InlineData("                                 Apache License\n                           Version 2.0, January 2004", "Apache-2.0")]
    [InlineData("GNU GENERAL PUBLIC LICENSE\nVersion 3, 29 June 2007\n... either version 3 of the License, or\n(at your option) any later version.", "GPL-3.0-or-later")]
    [InlineData("GNU GENERAL PUBLIC LICENSE\nVersion 2, June 1991", "GPL-2.0-only")]
    [InlineData("GNU LESSER GENERAL PUBLIC LICENSE\nVersion 2.1, February 1999 any later version", "LGPL-2.1-or-later")]
    [InlineData("GNU AFFERO GENERAL PUBLIC LICENSE\nVersion 3, 19 November 2007", "AGPL-3.0-only")]
    [InlineData("Redistribution and use in source and binary forms, with or without\nmodification ... 3. Neither the name of the copyright holder", "BSD-3-Clause")]
    [InlineData("Redistribution and use in source and binary forms, with or without\nmodification, are permitted", "BSD-2-Clause")]
    [InlineData("Mozilla Public License Version 2.0\n==================================", "MPL-2.0")]
    [InlineData("This is free and unencumbered software released into the public domain.", "Unlicense")]
    [InlineData("Permission to use, copy, modify, and/or distribute this software for any\npurpose with or without fee is hereby granted", "ISC")]
    [InlineData("SPDX-License-Identifier: Apache-2.0 OR MIT\n", "Apache-2.0 OR MIT")]
    [InlineData("All rights reserved. Ask before you copy.", "NOASSERTION")]
    public void Identifies(string text, string expected) => Assert.Equal(expected, LicenseDetector.Identify(text));

    [Fact]
    public void FindsTheSampleRepositoryLicence()
    {
        Assert.Equal(("MIT", "LICENSE"), LicenseDetector.ForRepository(SourceSamples.Sample("code/tinyrepo")));
        using var temp = new TempFolder();
        temp.Write("COPYING", "GNU GENERAL PUBLIC LICENSE\nVersion 3, 29 June 2007\n");
        Assert.Equal(("GPL-3.0-only", "COPYING"), LicenseDetector.ForRepository(temp.Path));
        Assert.Equal(((string?)null, (string?)null), LicenseDetector.ForRepository(Path.Combine(temp.Path, "none")));
    }
}
