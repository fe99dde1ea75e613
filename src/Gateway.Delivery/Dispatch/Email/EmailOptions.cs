using System.ComponentModel.DataAnnotations;

namespace Gateway.Delivery.Dispatch.Email;

/// <summary>Settings of the e-mail destination (<c>Email</c>).</summary>
public sealed class EmailOptions
{
    public const string SectionName = "Email";

    public SmtpSettings Smtp { get; set; } = new();

    /// <summary>The support team's contact shown by the ready-made templates (<c>{{ support }}</c> in any template).</summary>
    public string? SupportContact { get; set; }

    /// <summary>Longest a template may render before the message is given up as unsendable.</summary>
    /// <value>2 seconds.</value>
    public TimeSpan TemplateTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Steps (statements, loop turns) one template render may take.</summary>
    /// <value>100,000.</value>
    [Range(100, 10_000_000)]
    public int TemplateMaxSteps { get; set; } = 100_000;

    /// <summary>Characters one rendered body may hold.</summary>
    /// <value>262,144 (256 Ki).</value>
    [Range(1024, 10_000_000)]
    public int TemplateMaxOutput { get; set; } = 256 * 1024;
}
