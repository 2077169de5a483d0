package kea

import (
	"github.com/browningluke/opnsense-go/pkg/api"
	"github.com/browningluke/opnsense-go/pkg/kea"
	"github.com/browningluke/terraform-provider-opnsense/internal/tools"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// dhcpv6ReservationResourceModel describes the resource data model.
type dhcpv6ReservationResourceModel struct {
	SubnetId types.String `tfsdk:"subnet_id"`

	IpAddress    types.String `tfsdk:"ip_address"`
	DUID         types.String `tfsdk:"duid"`
	Hostname     types.String `tfsdk:"hostname"`
	DomainSearch types.Set    `tfsdk:"domain_search"`

	Description types.String `tfsdk:"description"`

	Id types.String `tfsdk:"id"`
}

func dhcpv6ReservationResourceSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "Configure DHCPv6 reservations for Kea.",

		Attributes: map[string]schema.Attribute{
			"subnet_id": schema.StringAttribute{
				MarkdownDescription: "Subnet ID the reservation belongs to.",
				Required:            true,
			},
			"ip_address": schema.StringAttribute{
				MarkdownDescription: "IPv6 address to offer to the client.",
				Required:            true,
			},
			"duid": schema.StringAttribute{
				MarkdownDescription: "DHCP Unique Identifier (DUID) of the client.",
				Required:            true,
			},
			"hostname": schema.StringAttribute{
				MarkdownDescription: "Hostname to offer to the client. Defaults to `\"\"`.",
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString(""),
			},
			"domain_search": schema.SetAttribute{
				MarkdownDescription: "Domain search list. Defaults to `[]`.",
				Optional:            true,
				Computed:            true,
				ElementType:         types.StringType,
				Default:             setdefault.StaticValue(tools.EmptySetValue(types.StringType)),
			},
			"description": schema.StringAttribute{
				MarkdownDescription: "Optional description.",
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString(""),
			},
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "UUID of the reservation.",
				PlanModifiers: []planmodifier.String{
					stringplanmodifier.UseStateForUnknown(),
				},
			},
		},
	}
}

func dhcpv6ReservationDataSourceSchema() dschema.Schema {
	return dschema.Schema{
		MarkdownDescription: "Configure DHCPv6 reservations for Kea.",

		Attributes: map[string]dschema.Attribute{
			"id": dschema.StringAttribute{
				MarkdownDescription: "UUID of the reservation.",
				Required:            true,
			},
			"subnet_id": dschema.StringAttribute{
				MarkdownDescription: "Subnet ID the reservation belongs to.",
				Computed:            true,
			},
			"ip_address": dschema.StringAttribute{
				MarkdownDescription: "IPv6 address to offer to the client.",
				Computed:            true,
			},
			"duid": dschema.StringAttribute{
				MarkdownDescription: "DHCP Unique Identifier (DUID) of the client.",
				Computed:            true,
			},
			"hostname": dschema.StringAttribute{
				MarkdownDescription: "Hostname to offer to the client.",
				Computed:            true,
			},
			"domain_search": dschema.SetAttribute{
				MarkdownDescription: "Domain search list.",
				Computed:            true,
				ElementType:         types.StringType,
			},
			"description": dschema.StringAttribute{
				MarkdownDescription: "Optional description.",
				Computed:            true,
			},
		},
	}
}

func convertDhcpv6ReservationSchemaToStruct(d *dhcpv6ReservationResourceModel) (*kea.ReservationV6, error) {
	return &kea.ReservationV6{
		Subnet:       api.SelectedMap(d.SubnetId.ValueString()),
		IpAddress:    d.IpAddress.ValueString(),
		DUID:         d.DUID.ValueString(),
		Hostname:     d.Hostname.ValueString(),
		DomainSearch: tools.SetToStringSlice(d.DomainSearch),
		Description:  d.Description.ValueString(),
	}, nil
}

func convertDhcpv6ReservationStructToSchema(d *kea.ReservationV6) (*dhcpv6ReservationResourceModel, error) {
	return &dhcpv6ReservationResourceModel{
		SubnetId:     types.StringValue(d.Subnet.String()),
		IpAddress:    types.StringValue(d.IpAddress),
		DUID:         types.StringValue(d.DUID),
		Hostname:     types.StringValue(d.Hostname),
		DomainSearch: tools.StringSliceToSet(d.DomainSearch),
		Description:  types.StringValue(d.Description),
	}, nil
}
