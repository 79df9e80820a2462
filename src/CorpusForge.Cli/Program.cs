return await CorpusForge.Cli.Cli.RunAsync(args);
