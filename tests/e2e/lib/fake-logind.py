"""A stand-in for logind's sleep inhibitors on a private D-Bus, for the end-to-end tests.

Owns org.freedesktop.login1 on the bus given as the first argument and answers Manager.Inhibit
the way logind does: with the write end of a pipe, held by the caller for as long as it wants
to delay. Prints one line per event on standard output: "ready", "taken PID WHAT MODE" (PID: the
caller's process), and "released PID WHAT MODE" when the caller closes its end.
"""

import os
import sys

import gi

gi.require_version("Gio", "2.0")
from gi.repository import Gio, GLib  # noqa: E402

INTERFACE = """
<node>
  <interface name="org.freedesktop.login1.Manager">
    <method name="Inhibit">
      <arg name="what" type="s" direction="in"/>
      <arg name="who" type="s" direction="in"/>
      <arg name="why" type="s" direction="in"/>
      <arg name="mode" type="s" direction="in"/>
      <arg name="fd" type="h" direction="out"/>
    </method>
  </interface>
</node>
"""


def say(line):
    print(line, flush=True)


def on_call(connection, sender, path, interface, method, parameters, invocation):
    what, _who, _why, mode = parameters.unpack()
    (pid,) = connection.call_sync(
        "org.freedesktop.DBus",
        "/org/freedesktop/DBus",
        "org.freedesktop.DBus",
        "GetConnectionUnixProcessID",
        GLib.Variant("(s)", (sender,)),
        GLib.VariantType("(u)"),
        Gio.DBusCallFlags.NONE,
        -1,
        None,
    ).unpack()
    label = f"{pid} {what} {mode}"
    read_end, write_end = os.pipe()
    descriptors = Gio.UnixFDList.new()
    descriptors.append(write_end)
    os.close(write_end)

    def released(fd, _condition):
        os.close(fd)
        say(f"released {label}")
        return GLib.SOURCE_REMOVE

    GLib.unix_fd_add_full(GLib.PRIORITY_DEFAULT, read_end, GLib.IOCondition.IN | GLib.IOCondition.HUP, released)
    invocation.return_value_with_unix_fd_list(GLib.Variant("(h)", (0,)), descriptors)
    say(f"taken {label}")


def main():
    address = sys.argv[1]
    flags = Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT | Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION
    connection = Gio.DBusConnection.new_for_address_sync(address, flags, None, None)
    node = Gio.DBusNodeInfo.new_for_xml(INTERFACE)
    connection.register_object("/org/freedesktop/login1", node.interfaces[0], on_call, None, None)
    Gio.bus_own_name_on_connection(
        connection, "org.freedesktop.login1", Gio.BusNameOwnerFlags.NONE, lambda *_: say("ready"), lambda *_: sys.exit(1)
    )
    GLib.MainLoop().run()


if __name__ == "__main__":
    main()
