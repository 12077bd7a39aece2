using System.Text;
using Microsoft.Extensions.Configuration;
using Procurement.Silo.Notifications;

namespace Procurement.Silo.Tests.Delivery;

/// <summary>The embedded mode's mail: one .eml file per message in the outbox folder, for a person or a relay to read.</summary>
public sealed class FolderEmailSenderTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"procurement-mail-{Guid.NewGuid():N}");

    [Fact]
    public async Task A_mail_file_begins_with_its_first_header_so_a_relay_can_parse_it()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Mail:OutboxFolder"] = folder }).Build();

        await new FolderEmailSender(config, TimeProvider.System).SendAsync("member@test.local", "里程碑即将到期：职工心理关爱", "职工心理关爱\n\n/contracts/1", TestContext.Current.CancellationToken);

        var bytes = await File.ReadAllBytesAsync(Assert.Single(Directory.GetFiles(folder, "*.eml")), TestContext.Current.CancellationToken);
        // RFC 5322: the message starts with a header field. A UTF-8 byte-order mark (EF BB BF) in front makes the first
        // header "\uFEFFTo", which a parser does not take for To.
        Assert.Equal("To: member@test.local\r\n"u8.ToArray(), bytes[..23]);
        var text = Encoding.UTF8.GetString(bytes);
        Assert.Contains("\r\nSubject: =?utf-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes("里程碑即将到期：职工心理关爱")) + "?=\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\r\n\r\n职工心理关爱\n\n/contracts/1", text, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }
}
