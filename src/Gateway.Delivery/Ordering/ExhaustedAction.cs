using System.Text.Json.Serialization;

namespace Gateway.Delivery.Ordering;

/// <summary>What an ordered group does when its head is dead-lettered.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ExhaustedAction>))]
public enum ExhaustedAction
{
    /// <summary>The group moves on; its next delivery names the skipped message in <c>webhook-skipped-ids</c>.</summary>
    [JsonStringEnumMemberName("skip")]
    Skip,

    /// <summary>The group stops until its dead letter is replayed (to the group's tail) or deleted.</summary>
    [JsonStringEnumMemberName("pause")]
    Pause,
}
