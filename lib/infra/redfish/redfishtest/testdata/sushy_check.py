#!/usr/bin/env python3
"""Drive a Redfish service with python3-sushy (OpenStack Ironic's and
Metal3's Redfish library) as they drive a real BMC: read the system, power
it on and off, set a one-time PXE boot override, and print what sushy
read as JSON. Credentials come from the environment (RF_USER, RF_PASSWORD),
the CA file from RF_CA. Used by clients_test.go."""
import json
import os
import sys
import time

import sushy

url = sys.argv[1]
conn = sushy.Sushy(url, username=os.environ["RF_USER"], password=os.environ["RF_PASSWORD"], verify=os.environ["RF_CA"])
out = {"redfish_version": conn.redfish_version}
members = conn.get_system_collection().get_members()
s = members[0]
out["system"] = {"identity": s.identity, "manufacturer": s.manufacturer, "serial": s.serial_number,
                 "power": str(s.power_state), "reset_types": sorted(str(x) for x in s.get_allowed_reset_system_values())}
out["macs"] = sorted(str(n.mac_address).lower() for n in s.ethernet_interfaces.get_members())
s.set_system_boot_source(sushy.BOOT_SOURCE_TARGET_PXE, enabled=sushy.BOOT_SOURCE_ENABLED_ONCE)
s.refresh()
out["boot"] = {"target": str(s.boot.target), "enabled": str(s.boot.enabled)}


def reset(value, state):
    """Reset the system and wait, as Ironic does, for the power state."""
    s.reset_system(value)
    for _ in range(50):
        s.refresh()
        if str(s.power_state) == str(state):
            break
        time.sleep(0.1)
    return str(s.power_state)


out["after_on"] = reset(sushy.RESET_ON, sushy.POWER_STATE_ON)
s.refresh()
out["boot_after_on"] = {"target": str(s.boot.target), "enabled": str(s.boot.enabled)}
out["after_off"] = reset(sushy.RESET_FORCE_OFF, sushy.POWER_STATE_OFF)
managers = conn.get_manager_collection().get_members()
out["managers"] = [m.identity for m in managers]
print(json.dumps(out))
