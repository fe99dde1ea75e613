using Gateway.Schemas;
using Newtonsoft.Json.Linq;

namespace Gateway.Tests.Schemas;

public sealed class Rfc3339DateTimeValidatorTests
{
    private readonly Rfc3339DateTimeValidator _validator = new();

    [Theory]
    [InlineData("2024-05-01T12:30:00Z")]
    [InlineData("2024-05-01t12:30:00z")]
    [InlineData("2024-05-01T12:30:00.1234567891+02:00")]
    [InlineData("2024-02-29T23:59:59-11:30")]
    [InlineData("2016-12-31T23:59:60Z")]
    public void IsValid_Rfc3339DateTime_True(string value) => Assert.True(_validator.IsValid(value, JTokenType.String));

    [Theory]
    [InlineData("2024-05-01")]
    [InlineData("2024-05-01T12:30:00")]
    [InlineData("2024-05-01 12:30:00Z")]
    [InlineData("2023-02-29T00:00:00Z")]
    [InlineData("2024-13-01T00:00:00Z")]
    [InlineData("2024-05-01T24:00:00Z")]
    [InlineData("2024-05-01T12:30:00+0200")]
    [InlineData("05/01/2024 12:30:00")]
    [InlineData("")]
    public void IsValid_NotRfc3339DateTime_False(string value) => Assert.False(_validator.IsValid(value, JTokenType.String));
}
