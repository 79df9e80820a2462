return await CorpusForge.Cli.Cli.RunAsync(args, typeof(CorpusForge.TrainerTool.Commands.TrainCommand).Assembly);
