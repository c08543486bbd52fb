#!/usr/bin/env python3
"""The X windows of the e2e display, as a window manager sees them (Xvfb has none).

  x11-windows.py list            one line per named top-level window: "<id> <title>"
  x11-windows.py close <title>   asks the window titled <title> to close, as a window
                                 manager's close button does (WM_DELETE_WINDOW)
  x11-windows.py click <title> <across> <up>
                                 clicks in the window titled <title>: <across> a fraction
                                 of its width from the left, <up> pixels above its bottom
                                 (XTest: a real click, as a mouse makes)

Plain ctypes on libX11 (present wherever GTK is): the e2e machine has no xdotool or wmctrl,
and WebDriver closes a window without the close request a user's click makes.
"""

import ctypes
import ctypes.util
import sys

x11 = ctypes.cdll.LoadLibrary(ctypes.util.find_library("X11") or "libX11.so.6")
Window = ctypes.c_ulong
Atom = ctypes.c_ulong

x11.XOpenDisplay.restype = ctypes.c_void_p
x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
x11.XDefaultRootWindow.restype = Window
x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
x11.XInternAtom.restype = Atom
x11.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
x11.XQueryTree.argtypes = [
    ctypes.c_void_p,
    Window,
    ctypes.POINTER(Window),
    ctypes.POINTER(Window),
    ctypes.POINTER(ctypes.POINTER(Window)),
    ctypes.POINTER(ctypes.c_uint),
]
x11.XFetchName.argtypes = [ctypes.c_void_p, Window, ctypes.POINTER(ctypes.c_char_p)]
x11.XSendEvent.argtypes = [ctypes.c_void_p, Window, ctypes.c_int, ctypes.c_long, ctypes.c_void_p]
x11.XFlush.argtypes = [ctypes.c_void_p]
x11.XFree.argtypes = [ctypes.c_void_p]
x11.XGetWindowAttributes.argtypes = [ctypes.c_void_p, Window, ctypes.c_void_p]
xtst = ctypes.cdll.LoadLibrary(ctypes.util.find_library("Xtst") or "libXtst.so.6")
xtst.XTestFakeMotionEvent.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_ulong]
xtst.XTestFakeButtonEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int, ctypes.c_ulong]

ClientMessage = 33


class XClientMessageEvent(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("window", Window),
        ("message_type", Atom),
        ("format", ctypes.c_int),
        ("data", ctypes.c_long * 5),
    ]


class XEvent(ctypes.Union):
    _fields_ = [("xclient", XClientMessageEvent), ("pad", ctypes.c_long * 24)]


def top_level(display):
    root = x11.XDefaultRootWindow(display)
    root_ret, parent = Window(), Window()
    children = ctypes.POINTER(Window)()
    count = ctypes.c_uint()
    x11.XQueryTree(display, root, root_ret, parent, ctypes.byref(children), ctypes.byref(count))
    windows = []
    for i in range(count.value):
        name = ctypes.c_char_p()
        if x11.XFetchName(display, children[i], ctypes.byref(name)) and name.value:
            windows.append((children[i], name.value.decode("utf-8", "replace")))
            x11.XFree(name)
    if children:
        x11.XFree(children)
    return windows


def close(display, window):
    event = XEvent()
    event.xclient.type = ClientMessage
    event.xclient.window = window
    event.xclient.message_type = x11.XInternAtom(display, b"WM_PROTOCOLS", 0)
    event.xclient.format = 32
    event.xclient.data[0] = x11.XInternAtom(display, b"WM_DELETE_WINDOW", 0)
    event.xclient.data[1] = 0  # CurrentTime
    x11.XSendEvent(display, window, 0, 0, ctypes.byref(event))
    x11.XFlush(display)


def click(display, window, across, up):
    # XWindowAttributes starts with x, y, width, height (ints); the rest is not needed.
    attributes = (ctypes.c_int * 64)()
    x11.XGetWindowAttributes(display, window, attributes)
    x, y, width, height = attributes[0], attributes[1], attributes[2], attributes[3]
    xtst.XTestFakeMotionEvent(display, -1, int(x + width * across), int(y + height - up), 0)
    xtst.XTestFakeButtonEvent(display, 1, 1, 0)
    xtst.XTestFakeButtonEvent(display, 1, 0, 0)
    x11.XFlush(display)


def main():
    display = x11.XOpenDisplay(None)
    if not display:
        sys.exit("x11-windows: cannot open the display (is DISPLAY set?)")
    windows = top_level(display)
    if sys.argv[1:] == ["list"]:
        for window, title in windows:
            print(f"{window} {title}")
    elif len(sys.argv) == 3 and sys.argv[1] == "close":
        matching = [w for w, title in windows if title == sys.argv[2]]
        if not matching:
            sys.exit(f"x11-windows: no window titled {sys.argv[2]!r}")
        for window in matching:
            close(display, window)
    elif len(sys.argv) == 5 and sys.argv[1] == "click":
        matching = [w for w, title in windows if title == sys.argv[2]]
        if not matching:
            sys.exit(f"x11-windows: no window titled {sys.argv[2]!r}")
        click(display, matching[0], float(sys.argv[3]), int(sys.argv[4]))
    else:
        sys.exit(__doc__)


main()
