package domain

import (
	"encoding/json"
	"fmt"
	"net/netip"
)

// The resource types a plan's steps carry, by capability. A Score writes
// them; the apply tool of the target's provider reads them back with
// Step.DecodeSpec. They are the contract between plan and apply, so they
// name what is wanted, never how one product stores it.
const (
	TypeReservation = "reservation"  // dhcp-server: Reservation
	TypeNetBoot     = "netboot"      // dhcp-server: NetBoot
	TypeARecord     = "a-record"     // dns-server: DNSRecord
	TypeAAAARecord  = "aaaa-record"  // dns-server: DNSRecord
	TypePTRRecord   = "ptr-record"   // dns-server: DNSRecord
	TypeCNAMERecord = "cname-record" // dns-server: DNSRecord
	TypeFrontend    = "frontend"     // load-balancer: Frontend
	TypeRule        = "rule"         // firewall: FirewallRule
	TypeVLAN        = "vlan"         // switch: VLAN
	TypeLAG         = "lag"          // switch: LAG
	TypePort        = "port"         // switch: SwitchPort
	TypeTFTP        = "service"      // tftp-server: TFTPService
	TypeProfile     = "profile"      // pxe-boot: PXEProfile
	TypeBootDevice  = "boot-device"  // power-control: BootDevice
	TypePower       = "power"        // power-control: Power
	TypeHostBond    = "bond"         // host-network: HostBond
	TypeHostVLAN    = "vlan-link"    // host-network: HostVLAN
	TypeK8sObject   = "object"       // k8s-cluster: K8sObject
	TypeHelmChart   = "helm-chart"   // k8s-cluster: HelmChart
	TypePGCluster   = "cluster"      // postgresql: PGCluster
)

// Reservation is a fixed DHCP lease: this MAC always gets this address.
type Reservation struct {
	MAC      MAC          `json:"mac"`
	IP       netip.Addr   `json:"ip"`
	Hostname string       `json:"hostname"`
	Network  string       `json:"network"` // the Site network it is in
	Subnet   netip.Prefix `json:"subnet"`
}

// NetBoot is what a network's DHCP server tells machines that boot from
// the network: iPXE (a client whose user class is iPXE) gets the script
// URL, which chains to its per-MAC script; firmware that is not iPXE yet
// gets an iPXE build over TFTP first (BIOSFile for legacy BIOS, UEFIFile
// for x86-64 UEFI), which then asks again as iPXE.
type NetBoot struct {
	Network string `json:"network"`
	// Net is that network (its CIDR, gateway and VLAN): what a firewall
	// needs to find the interface it is on.
	Net      Network `json:"net,omitzero"`
	Script   string  `json:"script"`             // http(s) URL of the boot script, e.g. harmony-pxe's /boot.ipxe
	BIOSFile string  `json:"biosFile,omitempty"` // e.g. undionly.kpxe
	UEFIFile string  `json:"uefiFile,omitempty"` // e.g. ipxe.efi
}

// DNSRecord is one DNS record. Name is fully qualified, without the
// final dot.
type DNSRecord struct {
	Name  string `json:"name"`
	Type  string `json:"type"` // A, AAAA, CNAME or PTR
	Value string `json:"value"`
}

// Frontend is a load-balanced TCP service on a virtual IP.
type Frontend struct {
	Address     netip.Addr  `json:"address"`
	Port        int         `json:"port"`
	Mode        string      `json:"mode"` // tcp
	Backends    []Backend   `json:"backends"`
	HealthCheck HealthCheck `json:"healthCheck"`
}

// Backend is one server behind a frontend.
type Backend struct {
	Name    string     `json:"name"`
	Address netip.Addr `json:"address"`
	Port    int        `json:"port"`
}

// HealthCheck is how the load balancer checks a backend.
type HealthCheck struct {
	Type            string `json:"type"` // tcp
	IntervalSeconds int    `json:"intervalSeconds"`
}

// FirewallRule lets (or stops) traffic from a network to an address.
type FirewallRule struct {
	Action    string `json:"action"`    // pass or block
	Interface string `json:"interface"` // the Site network the traffic arrives on
	// Network is that network (its CIDR, gateway and VLAN): what a
	// firewall needs to find the interface it is on.
	Network     Network      `json:"network"`
	Protocol    string       `json:"protocol"` // tcp, udp or any
	Source      netip.Prefix `json:"source"`
	Destination netip.Prefix `json:"destination"`
	Ports       []int        `json:"ports,omitempty"`
	Description string       `json:"description"`
}

// VLAN is a VLAN on a switch.
type VLAN struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
}

// LAG is an LACP link aggregation over a host's switch ports.
type LAG struct {
	Ports        []string `json:"ports"`
	UntaggedVLAN int      `json:"untaggedVlan,omitempty"`
	TaggedVLANs  []int    `json:"taggedVlans,omitempty"`
	// KeepForwarding names a member port that forwards before LACP forms,
	// so the host can network-boot before its OS speaks LACP.
	KeepForwarding string `json:"keepForwarding,omitempty"`
	Description    string `json:"description"`
}

// SwitchPort is a single switch port's VLAN membership and name.
type SwitchPort struct {
	Port         string `json:"port"`
	UntaggedVLAN int    `json:"untaggedVlan,omitempty"`
	TaggedVLANs  []int  `json:"taggedVlans,omitempty"`
	Description  string `json:"description"`
}

// TFTPService is a TFTP server answering on one address (the files it
// serves are placed out of band).
type TFTPService struct {
	Listen netip.Addr `json:"listen"`
}

// PXEProfile is what one MAC boots over the network.
type PXEProfile struct {
	MAC      MAC    `json:"mac"`
	Host     string `json:"host"`
	Role     string `json:"role"`
	Kernel   string `json:"kernel"`
	Initrd   string `json:"initrd"`
	Args     string `json:"args,omitempty"`
	Ignition string `json:"ignition,omitempty"`
}

// BootDevice is the device a host boots from next.
type BootDevice struct {
	Host       string `json:"host"`
	BMC        string `json:"bmc"`    // address:port (IPMI) or https://host:port (Redfish)
	Device     string `json:"device"` // pxe or disk
	Persistent bool   `json:"persistent,omitempty"`
}

// Power is a host's desired power state.
type Power struct {
	Host  string `json:"host"`
	BMC   string `json:"bmc"`   // address:port (IPMI) or https://host:port (Redfish)
	State string `json:"state"` // on or off
}

// HostBond is a bond on a host's own network stack (Linux bonding), named
// by the host it belongs to: the host-network tool applies only its own.
type HostBond struct {
	Host    string   `json:"host"`
	Name    string   `json:"name"`
	Mode    string   `json:"mode"`    // 802.3ad or active-backup
	Members []string `json:"members"` // the host's NICs
	MTU     int      `json:"mtu,omitempty"`
	// MIIMon is the link check interval in milliseconds (default 100).
	MIIMon int `json:"miimon"`
	// LACPRate (802.3ad only) is slow or fast; XmitHashPolicy (802.3ad
	// only) is layer2, layer2+3, layer3+4, encap2+3 or encap3+4.
	LACPRate       string         `json:"lacpRate,omitempty"`
	XmitHashPolicy string         `json:"xmitHashPolicy,omitempty"`
	Addresses      []netip.Prefix `json:"addresses,omitempty"`
}

// K8sObject is one Kubernetes object, applied as a whole (server-side
// apply): Manifest is the object, with apiVersion, kind and metadata; the
// other fields repeat what identifies it.
type K8sObject struct {
	APIVersion string          `json:"apiVersion"`
	Kind       string          `json:"kind"`
	Namespace  string          `json:"namespace,omitempty"`
	Name       string          `json:"name"`
	Manifest   json.RawMessage `json:"manifest"`
}

// HelmChart is a Helm chart rendered into plain objects (by the tool that
// applies it: rendering links Kubernetes' client libraries) and applied
// as they are. Chart is a chart directory or .tgz on the machine that
// applies it; no repository is asked.
type HelmChart struct {
	Chart     string          `json:"chart"`
	Release   string          `json:"release"`
	Namespace string          `json:"namespace"`
	Values    json.RawMessage `json:"values,omitempty"`
}

// HostVLAN is an 802.1Q interface on a host's bond or NIC.
type HostVLAN struct {
	Host      string         `json:"host"`
	Name      string         `json:"name"`
	Link      string         `json:"link"` // a bond or NIC of the host
	ID        int            `json:"id"`
	MTU       int            `json:"mtu,omitempty"`
	Addresses []netip.Prefix `json:"addresses,omitempty"`
}

// PowerControlStep decodes a power-control step's spec and hands it to
// boot or power, by its resource type: the dispatch every power-control
// adapter (IPMI, Redfish) makes.
func PowerControlStep(step Step, boot func(BootDevice) Outcome, power func(Power) Outcome) Outcome {
	switch step.Resource.Type {
	case TypeBootDevice:
		var bd BootDevice
		if err := step.DecodeSpec(&bd); err != nil {
			return Outcome{Status: Failure, Message: err.Error()}
		}
		return boot(bd)
	case TypePower:
		var p Power
		if err := step.DecodeSpec(&p); err != nil {
			return Outcome{Status: Failure, Message: err.Error()}
		}
		return power(p)
	}
	return Outcome{Status: Failure, Message: fmt.Sprintf("harmony-bmc does not know resource type %q", step.Resource.Type)}
}
