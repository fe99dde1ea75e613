namespace LoadDriver.Reporting;

/// <summary>What every kind of run prints and how it decides its exit code.</summary>
internal interface IRunReport
{
    bool Passed { get; }

    string ToJson();
}
